import type { DevnetChainDeployment } from '../deployDevnetChain.js';
import type { SimDeployment } from './types.js';

/** Maps a devnet chain deployment to what agents see (pure). */
export function buildSimDeployment(deployment: DevnetChainDeployment): SimDeployment {
  const { uniswapV2, uniswapV3, aaveV3 } = deployment;
  return {
    weth: deployment.weth,
    tokens: deployment.tokens,
    v2: { factory: uniswapV2.factory, router: uniswapV2.router, pairs: uniswapV2.pairs },
    v3: {
      factory: uniswapV3.factory,
      positionManager: uniswapV3.nonfungiblePositionManager,
      swapRouter: uniswapV3.swapRouter,
      pools: uniswapV3.pools.map(({ address, token0, token1, fee, symbol0, symbol1 }) => ({ address, token0, token1, fee, symbol0, symbol1 })),
      migrator: uniswapV3.migrator,
      quoter: uniswapV3.quoter,
    },
    aave: {
      pool: aaveV3.pool,
      oracle: aaveV3.oracle,
      dataProvider: aaveV3.dataProvider,
      reserves: aaveV3.reserves.map((reserve) => reserve.asset),
      aTokens: aaveV3.aTokens,
      variableDebtTokens: aaveV3.variableDebtTokens,
    },
    multicall: deployment.multicall,
  };
}
