import { getAddress, type Address } from 'viem';
import type { DevnetChainDeployment } from './deployDevnetChain.js';
import type { DevnetManifestChain, DevnetManifestPriceFeed } from './manifest.js';

/** Where a devnet chain runs. */
export interface DevnetChainEndpoint {
  chainId: number;
  name: string;
  rpcUrl: string;
  wsUrl: string;
}

/**
 * Builds the manifest entry of one chain from its endpoint and deployment (pure). `priceFeeds` lists the
 * aggregators used since deployment (the market's first ones are always included); duplicates are dropped.
 */
export function buildManifestChain(
  endpoint: DevnetChainEndpoint,
  deployment: DevnetChainDeployment,
  finalityDepth: number,
  priceFeeds: readonly { asset: Address; aggregator: Address }[] = [],
): DevnetManifestChain {
  const { uniswapV2, uniswapV3: v3, aaveV3: aave } = deployment;
  const symbolOf = new Map(deployment.tokens.map((token) => [token.address, token.symbol]));
  const feeds = new Map<string, DevnetManifestPriceFeed>();
  for (const { asset, aggregator } of [...initialPriceFeeds(deployment), ...priceFeeds]) {
    const entry = { asset: getAddress(asset), symbol: symbolOf.get(getAddress(asset)) ?? 'UNKNOWN', aggregator: getAddress(aggregator) };
    feeds.set(`${entry.asset}:${entry.aggregator}`, entry);
  }
  return {
    chainId: endpoint.chainId,
    name: endpoint.name,
    rpcUrl: endpoint.rpcUrl,
    wsUrl: endpoint.wsUrl,
    finalityDepth,
    startBlock: 0,
    contracts: {
      WETH9: deployment.weth,
      UniswapV2Factory: uniswapV2.factory,
      UniswapV2Router02: uniswapV2.router,
      UniswapV3Factory: v3.factory,
      NonfungiblePositionManager: v3.nonfungiblePositionManager,
      NonfungibleTokenPositionDescriptor: v3.positionDescriptor,
      NFTDescriptor: v3.nftDescriptor,
      SwapRouter: v3.swapRouter,
      QuoterV2: v3.quoter,
      V3Migrator: v3.migrator,
      AaveV3Pool: aave.pool,
      AaveV3PoolConfigurator: aave.poolConfigurator,
      AaveOracle: aave.oracle,
      AaveProtocolDataProvider: aave.dataProvider,
      AavePoolAddressesProvider: aave.addressesProvider,
      AavePoolAddressesProviderRegistry: aave.addressesProviderRegistry,
      AaveACLManager: aave.aclManager,
      UniswapInterfaceMulticall: deployment.multicall,
    },
    tokens: deployment.tokens.map(({ address, symbol, name, decimals }) => ({ address, symbol, name, decimals })),
    pools: [
      ...uniswapV2.pairs.map(({ address, token0, token1 }) => ({ protocol: 'uniswap-v2', address, token0, token1 })),
      ...v3.pools.map(({ address, token0, token1, fee }) => ({ protocol: 'uniswap-v3', address, token0, token1, fee })),
    ],
    protocols: [
      { slug: 'uniswap-v2', name: 'Uniswap V2', category: 'Dexes', contracts: [uniswapV2.factory, uniswapV2.router] },
      {
        slug: 'uniswap-v3',
        name: 'Uniswap V3',
        category: 'Dexes',
        contracts: [v3.factory, v3.nonfungiblePositionManager, v3.swapRouter, v3.quoter, v3.migrator],
      },
      {
        slug: 'aave-v3',
        name: 'Aave V3',
        category: 'Lending',
        contracts: [aave.pool, aave.poolConfigurator, aave.oracle, aave.dataProvider, aave.addressesProvider, aave.aclManager],
      },
    ],
    priceFeeds: [...feeds.values()],
    markets: aave.reserves.map(({ asset, symbol }) => {
      const key = getAddress(asset);
      return {
        protocol: 'aave-v3',
        asset: key,
        symbol,
        aToken: getAddress(required(aave.aTokens[key], `aToken of ${symbol}`)),
        stableDebtToken: getAddress(required(aave.stableDebtTokens[key], `stable debt token of ${symbol}`)),
        variableDebtToken: getAddress(required(aave.variableDebtTokens[key], `variable debt token of ${symbol}`)),
      };
    }),
  };
}

/** The MockAggregators deployed with the Aave market, one per reserve. */
export function initialPriceFeeds(deployment: DevnetChainDeployment): { asset: Address; aggregator: Address }[] {
  return Object.entries(deployment.aaveV3.aggregators).map(([asset, aggregator]) => ({ asset: asset as Address, aggregator }));
}

function required<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new RangeError(`Missing ${what} in the Aave deployment`);
  return value;
}
