import type { Account, Address, Chain, Hash, PublicClient, TransactionReceipt, Transport, WalletClient } from 'viem';
import { linkBytecode, type HardhatArtifact } from './aaveV3Artifacts.js';
import { AaveV3Error } from './aaveV3Errors.js';

/** A wallet with a hoisted account and chain, and a public client on the same node. */
export interface AaveV3Clients {
  walletClient: WalletClient<Transport, Chain, Account>;
  publicClient: PublicClient<Transport, Chain>;
}

/**
 * Waits for `hash` to be mined and returns its receipt.
 * Throws `AaveV3Error` when the transaction reverted; `label` names it in the message.
 */
export async function confirmTx(publicClient: AaveV3Clients['publicClient'], hash: Hash, label: string): Promise<TransactionReceipt> {
  const receipt = await publicClient.waitForTransactionReceipt({ hash });
  if (receipt.status !== 'success') {
    throw new AaveV3Error(`Transaction reverted: ${label}`, { details: `tx ${hash} in block ${receipt.blockNumber}` });
  }
  return receipt;
}

/**
 * Deploys a Hardhat artifact after linking `libraries` into its creation code, and returns the new address.
 * Throws `AaveV3Error` if linking fails, the deployment reverts, or no contract address comes back.
 */
export async function deployArtifact(
  { walletClient, publicClient }: AaveV3Clients,
  artifact: HardhatArtifact,
  args: readonly unknown[] = [],
  libraries: Readonly<Record<string, Address>> = {},
): Promise<Address> {
  const hash = await walletClient.deployContract({ abi: artifact.abi, bytecode: linkBytecode(artifact, libraries), args });
  const receipt = await confirmTx(publicClient, hash, `deploy ${artifact.contractName}`);
  if (!receipt.contractAddress) {
    throw new AaveV3Error(`Deployment of ${artifact.contractName} returned no contract address`, { details: `tx ${hash}` });
  }
  return receipt.contractAddress;
}
