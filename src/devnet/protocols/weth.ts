import type { Address } from 'viem';
import { loadArtifact } from '../artifacts.js';
import type { DevnetClients } from '../clients.js';
import { deployContract } from '../deployContract.js';

/** npm artifact of canonical WETH9. */
export const WETH9_ARTIFACT = '@uniswap/v2-periphery/build/WETH9.json';

/** WETH as it appears in token lists. */
export const WETH_TOKEN = { symbol: 'WETH', name: 'Wrapped Ether', decimals: 18 } as const;

/**
 * Deploys WETH9 from the devnet deployer.
 * @throws {DevnetTransactionError} when the deployment reverts.
 */
export async function deployWeth(clients: DevnetClients): Promise<Address> {
  const { address } = await deployContract(clients, { artifact: loadArtifact(WETH9_ARTIFACT) });
  return address;
}
