import { describe, expect, it } from 'vitest';
import { parseChainsFile } from '../config/chainsFile.js';
import { buildManifestChain } from './buildManifestChain.js';
import type { DevnetChainDeployment } from './deployDevnetChain.js';
import { devnetManifestSchema, parseDevnetManifest, type DevnetManifest } from './manifest.js';

const WETH = '0x5FbDB2315678afecb367f032d93F642f64180aa3';
const USDC = '0xe7f1725E7734CE288F8367e1Bb143E90bb3F0512';
const FACTORY = '0x2279B7A0a67DB372996a5FaB50D91eAA73d2eBe6';
const ROUTER = '0x8A791620dd6260079BF849Dc5567aDC3F2FdC318';
const PAIR = '0x41Cc89c770ddFcF9b54C6C04CaAfeA885Ce8c1b8';

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
      ['chainId', 'contracts', 'finalityDepth', 'name', 'pools', 'protocols', 'rpcUrl', 'startBlock', 'tokens', 'wsUrl'].sort(),
    );
    expect(chain!.contracts).toEqual({ WETH9: WETH, UniswapV2Factory: FACTORY, UniswapV2Router02: ROUTER });
    expect(chain!.tokens[1]).toEqual({ address: USDC, symbol: 'USDC', name: 'USD Coin', decimals: 6 });
    expect(chain!.pools).toEqual([{ protocol: 'uniswap-v2', address: PAIR, token0: WETH, token1: USDC }]);
    expect(chain!.protocols).toEqual([
      { slug: 'uniswap-v2', name: 'Uniswap V2', category: 'Dexes', contracts: [FACTORY, ROUTER] },
    ]);
  });

  it('is readable by the platform chains-file loader', () => {
    const [chain] = parseChainsFile(JSON.stringify(buildManifest()), 'devnet manifest');
    expect(chain).toMatchObject({ chainId: 1, name: 'ethereum', rpcUrls: ['http://127.0.0.1:8545'], wsUrls: ['ws://127.0.0.1:8545'], finalityDepth: 5, startBlock: 0 });
    // The loader derives what to index from `contracts` and `tokens`.
    expect(chain!.sources).toMatchObject({
      tokens: [WETH.toLowerCase(), USDC.toLowerCase()],
      uniswapV2Factories: [FACTORY.toLowerCase()],
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
