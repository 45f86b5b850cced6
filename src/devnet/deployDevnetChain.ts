import type { Address } from 'viem';
import type { DevnetClients } from './clients.js';
import { DEVNET_TOKEN_SPECS, ETH_REFERENCE_PRICE_USD, deployTokens, type DevnetToken } from './protocols/tokens.js';
import { DEVNET_V2_POOL_SPECS, deployUniswapV2, type UniswapV2Deployment } from './protocols/uniswapV2.js';
import { WETH_TOKEN, deployWeth } from './protocols/weth.js';

/** Everything deployed on one devnet chain. */
export interface DevnetChainDeployment {
  weth: Address;
  /** WETH first, then the ERC-20s in deployment order. */
  tokens: DevnetToken[];
  uniswapV2: UniswapV2Deployment;
  /** The block after the last deployment transaction. */
  deployedAtBlock: number;
}

/**
 * Deploys WETH9, the devnet ERC-20s and Uniswap V2 (factory, router, seeded pairs) on a fresh chain.
 * The deployer's nonces start at 0 and every step is sequential, so addresses are identical on every
 * chain and every run. Expects automining.
 * @throws {DevnetTransactionError} when a transaction reverts.
 */
export async function deployDevnetChain(clients: DevnetClients): Promise<DevnetChainDeployment> {
  const weth = await deployWeth(clients);
  const erc20s = await deployTokens(clients, DEVNET_TOKEN_SPECS);
  const tokens: DevnetToken[] = [{ ...WETH_TOKEN, referencePriceUsd: ETH_REFERENCE_PRICE_USD, address: weth }, ...erc20s];
  const uniswapV2 = await deployUniswapV2(clients, { weth, tokens, pools: DEVNET_V2_POOL_SPECS });
  const deployedAtBlock = Number(await clients.publicClient.getBlockNumber({ cacheTime: 0 }));
  return { weth, tokens, uniswapV2, deployedAtBlock };
}
