import type { Address } from 'viem';
import type { DevnetClients } from './clients.js';
import { deployAaveV3Market, type DevnetAaveMarket } from './protocols/aaveV3Market.js';
import { DEVNET_TOKEN_SPECS, ETH_REFERENCE_PRICE_USD, deployTokens, type DevnetToken } from './protocols/tokens.js';
import { DEVNET_V2_POOL_SPECS, deployUniswapV2, type UniswapV2Deployment } from './protocols/uniswapV2.js';
import { deployUniswapV3, type UniswapV3Deployment } from './protocols/uniswapV3.js';
import { DEVNET_V3_POOL_SPECS, deployMulticall, deployV3Migrator, seedUniswapV3Pools, type DevnetV3Pool } from './protocols/uniswapV3Pools.js';
import { WETH_TOKEN, deployWeth } from './protocols/weth.js';

/** Uniswap V3 as deployed on a devnet chain: core and periphery, the V2-to-V3 migrator and the seeded pools. */
export interface DevnetUniswapV3 extends UniswapV3Deployment {
  migrator: Address;
  pools: DevnetV3Pool[];
}

/** Everything deployed on one devnet chain. */
export interface DevnetChainDeployment {
  weth: Address;
  /** WETH first, then the ERC-20s in deployment order. */
  tokens: DevnetToken[];
  uniswapV2: UniswapV2Deployment;
  uniswapV3: DevnetUniswapV3;
  aaveV3: DevnetAaveMarket;
  /** UniswapInterfaceMulticall: batched reads in one `eth_call`. */
  multicall: Address;
  /** The block after the last deployment transaction. */
  deployedAtBlock: number;
}

/**
 * Deploys, in this order, WETH9, the devnet ERC-20s, Uniswap V2 (factory, router, seeded pairs), Uniswap V3
 * (factory, descriptor, position manager, router, quoter, seeded pools at three fee tiers, V3Migrator) and an
 * Aave V3 market (six reserves, MockAggregator feeds), then a read multicall, on a fresh chain. The deployer's nonces start at 0 and
 * every step is sequential, so addresses are identical on every chain and every run. Expects automining.
 * @throws {DevnetTransactionError} when a transaction reverts.
 */
export async function deployDevnetChain(clients: DevnetClients): Promise<DevnetChainDeployment> {
  const weth = await deployWeth(clients);
  const erc20s = await deployTokens(clients, DEVNET_TOKEN_SPECS);
  const tokens: DevnetToken[] = [{ ...WETH_TOKEN, referencePriceUsd: ETH_REFERENCE_PRICE_USD, address: weth }, ...erc20s];
  const uniswapV2 = await deployUniswapV2(clients, { weth, tokens, pools: DEVNET_V2_POOL_SPECS });
  const v3 = await deployUniswapV3({ ...clients, weth });
  const pools = await seedUniswapV3Pools(clients, { v3, weth, tokens, pools: DEVNET_V3_POOL_SPECS });
  const migrator = await deployV3Migrator(clients, { v3, weth });
  const aaveV3 = await deployAaveV3Market(clients, tokens);
  const multicall = await deployMulticall(clients);
  const deployedAtBlock = Number(await clients.publicClient.getBlockNumber({ cacheTime: 0 }));
  return { weth, tokens, uniswapV2, uniswapV3: { ...v3, migrator, pools }, aaveV3, multicall, deployedAtBlock };
}
