import { getAddress, type Address } from 'viem';
import { describe, expect, it } from 'vitest';
import { parseChainsFile } from '../config/chainsFile.js';
import { buildManifestChain } from './buildManifestChain.js';
import type { DevnetChainDeployment } from './deployDevnetChain.js';
import { devnetManifestSchema, parseDevnetManifest, type DevnetManifest } from './manifest.js';

const WETH: Address = '0x5FbDB2315678afecb367f032d93F642f64180aa3';
const USDC = '0xe7f1725E7734CE288F8367e1Bb143E90bb3F0512';
const FACTORY = '0x2279B7A0a67DB372996a5FaB50D91eAA73d2eBe6';
const ROUTER = '0x8A791620dd6260079BF849Dc5567aDC3F2FdC318';
const PAIR = '0x41Cc89c770ddFcF9b54C6C04CaAfeA885Ce8c1b8';

const fake = (i: number) => getAddress(`0x${i.toString(16).padStart(40, '0')}`);
const V3_FACTORY = fake(0x301);
const V3_POOL = fake(0x302);
const AAVE_POOL = fake(0x401);
const ORACLE = fake(0x402);
const FEED = fake(0x403);
const LATER_FEED = fake(0x404);

const deployment: DevnetChainDeployment = {
  weth: WETH,
  tokens: [
    { address: WETH, symbol: 'WETH', name: 'Wrapped Ether', decimals: 18, referencePriceUsd: 3000 },
    { address: USDC, symbol: 'USDC', name: 'USD Coin', decimals: 6, referencePriceUsd: 1 },
  ],
  uniswapV2: {
    factory: FACTORY,
    router: ROUTER,
    pairs: [{ address: PAIR, token0: WETH, token1: USDC, symbol0: 'WETH', symbol1: 'USDC' }],
  },
  uniswapV3: {
    factory: V3_FACTORY,
    nonfungiblePositionManager: fake(0x303),
    swapRouter: fake(0x304),
    nftDescriptor: fake(0x305),
    positionDescriptor: fake(0x306),
    quoter: fake(0x307),
    migrator: fake(0x308),
    pools: [{ address: V3_POOL, token0: WETH, token1: USDC, symbol0: 'WETH', symbol1: 'USDC', fee: 500 }],
  },
  aaveV3: {
    addressesProviderRegistry: fake(0x410),
    addressesProvider: fake(0x411),
    aclManager: fake(0x412),
    dataProvider: fake(0x413),
    pool: AAVE_POOL,
    poolImpl: fake(0x414),
    poolConfigurator: fake(0x415),
    poolConfiguratorImpl: fake(0x416),
    oracle: ORACLE,
    libraries: {} as DevnetChainDeployment['aaveV3']['libraries'],
    tokenImpls: { aToken: fake(0x420), stableDebtToken: fake(0x421), variableDebtToken: fake(0x422) },
    interestRateStrategies: {},
    aggregators: { [WETH]: FEED },
    aTokens: { [WETH]: fake(0x430) },
    stableDebtTokens: { [WETH]: fake(0x431) },
    variableDebtTokens: { [WETH]: fake(0x432) },
    startBlock: 40n,
    endBlock: 100n,
    txCount: 61,
    reserves: [{ asset: WETH, symbol: 'WETH', decimals: 18, priceUsd: 3000, ltvBps: 8000, liquidationThresholdBps: 8250, liquidationBonusBps: 500, borrowingEnabled: true }],
  },
  multicall: fake(0x500),
  deployedAtBlock: 34,
};

function buildManifest(): DevnetManifest {
  return {
    version: 1,
    seed: 7,
    createdAt: '2026-01-01T00:00:00.000Z',
    chains: [buildManifestChain({ chainId: 1, name: 'ethereum', rpcUrl: 'http://127.0.0.1:8545', wsUrl: 'ws://127.0.0.1:8545' }, deployment, 5)],
  };
}

describe('devnet manifest schema', () => {
  it('accepts the manifest buildManifestChain() produces, keys included', () => {
    const manifest = parseDevnetManifest(JSON.parse(JSON.stringify(buildManifest())));
    const [chain] = manifest.chains;
    expect(Object.keys(chain!).sort()).toEqual(
      ['chainId', 'contracts', 'finalityDepth', 'markets', 'name', 'pools', 'priceFeeds', 'protocols', 'rpcUrl', 'startBlock', 'tokens', 'wsUrl'].sort(),
    );
    expect(chain!.contracts).toMatchObject({ WETH9: WETH, UniswapV2Factory: FACTORY, UniswapV2Router02: ROUTER, UniswapV3Factory: V3_FACTORY, AaveV3Pool: AAVE_POOL, AaveOracle: ORACLE });
    expect(chain!.tokens[1]).toEqual({ address: USDC, symbol: 'USDC', name: 'USD Coin', decimals: 6 });
    expect(chain!.pools).toEqual([
      { protocol: 'uniswap-v2', address: PAIR, token0: WETH, token1: USDC },
      { protocol: 'uniswap-v3', address: V3_POOL, token0: WETH, token1: USDC, fee: 500 },
    ]);
    expect(chain!.protocols.map(({ slug, category }) => [slug, category])).toEqual([
      ['uniswap-v2', 'Dexes'],
      ['uniswap-v3', 'Dexes'],
      ['aave-v3', 'Lending'],
    ]);
    expect(chain!.protocols[0]!.contracts).toEqual([FACTORY, ROUTER]);
    expect(chain!.protocols[2]!.contracts).toContain(AAVE_POOL);
    expect(chain!.priceFeeds).toEqual([{ asset: WETH, symbol: 'WETH', aggregator: FEED }]);
    expect(chain!.markets).toEqual([{ protocol: 'aave-v3', asset: WETH, symbol: 'WETH', aToken: fake(0x430), stableDebtToken: fake(0x431), variableDebtToken: fake(0x432) }]);
  });

  it('lists every feed known at manifest time once', () => {
    const feeds = [{ asset: WETH, aggregator: FEED }, { asset: WETH, aggregator: LATER_FEED }, { asset: WETH, aggregator: FEED }];
    const chain = buildManifestChain({ chainId: 1, name: 'ethereum', rpcUrl: 'http://127.0.0.1:8545', wsUrl: 'ws://127.0.0.1:8545' }, deployment, 5, feeds);
    expect(chain.priceFeeds.map((feed) => feed.aggregator)).toEqual([FEED, LATER_FEED]);
  });

  it('is readable by the platform chains-file loader', () => {
    const [chain] = parseChainsFile(JSON.stringify(buildManifest()), 'devnet manifest');
    expect(chain).toMatchObject({ chainId: 1, name: 'ethereum', rpcUrls: ['http://127.0.0.1:8545'], wsUrls: ['ws://127.0.0.1:8545'], finalityDepth: 5, startBlock: 0 });
    // The loader derives what to index from `contracts`, `tokens` and `priceFeeds`.
    expect(chain!.sources).toEqual({
      tokens: [WETH.toLowerCase(), USDC.toLowerCase()],
      uniswapV2Factories: [FACTORY.toLowerCase()],
      uniswapV3Factories: [V3_FACTORY.toLowerCase()],
      aaveV3Pools: [AAVE_POOL.toLowerCase()],
      priceFeeds: [FEED.toLowerCase()],
    });
  });

  it('keeps extra keys (the format may grow)', () => {
    const manifest = { ...buildManifest(), simulator: { agents: 3 } };
    expect(parseDevnetManifest(manifest)).toHaveProperty('simulator', { agents: 3 });
  });

  it.each([
    ['a lowercase (non-checksummed) address', (m: DevnetManifest) => { m.chains[0]!.tokens[0]!.address = WETH.toLowerCase() as `0x${string}`; }],
    ['a missing pools key', (m: DevnetManifest) => { delete (m.chains[0] as Partial<DevnetManifest['chains'][0]>).pools; }],
    ['another version', (m: DevnetManifest) => { (m as { version: number }).version = 2; }],
    ['a non-ISO createdAt', (m: DevnetManifest) => { m.createdAt = 'yesterday'; }],
    ['no chains', (m: DevnetManifest) => { m.chains = []; }],
    ['an https wsUrl', (m: DevnetManifest) => { m.chains[0]!.wsUrl = 'https://127.0.0.1:1'; }],
    ['fractional decimals', (m: DevnetManifest) => { m.chains[0]!.tokens[0]!.decimals = 1.5; }],
  ])('rejects %s', (_, mutate) => {
    const manifest = structuredClone(buildManifest());
    mutate(manifest);
    expect(devnetManifestSchema.safeParse(manifest).success).toBe(false);
  });
});
