import { describe, expect, it } from 'vitest';
import { parseChainsFile } from './chainsFile.js';

const weth = '0xC02aaA39b223FE8D0A0e5C4F27eAD9083C756Cc2';
const factory = '0x5C69bEe701ef814a2B6a3EDD4B1652CB9cc5aA6f';
const usdc = '0xA0b86991c6218b36c1d19D4a2e9Eb0cE3606eB48';
const feedA = '0x5f4eC3Df9cbd43714FE2740f5E3616155c5b8419';
const feedB = '0x8fFfFfd4AfB6115b954Bd326cbe7B4BA576818f6';
const feedC = '0x986b5E1e1755e3C2440e960477f25201B0a8bbD4';
const chain = (extra: Record<string, unknown>) => JSON.stringify({ chains: [{ chainId: 1, name: 'ethereum', rpcUrl: 'https://a', ...extra }] });

describe('parseChainsFile()', () => {
  it('accepts the devnet manifest shape and fills defaults', () => {
    const manifest = {
      version: 1,
      chains: [{ chainId: 1, name: 'ethereum', rpcUrl: 'http://127.0.0.1:8545', wsUrl: 'ws://127.0.0.1:8545', contracts: { WETH9: weth, UniswapV2Factory: factory }, startBlock: 0 }],
    };
    expect(parseChainsFile(JSON.stringify(manifest))).toEqual([
      {
        chainId: 1,
        name: 'ethereum',
        rpcUrls: ['http://127.0.0.1:8545'],
        wsUrls: ['ws://127.0.0.1:8545'],
        finalityDepth: 12,
        startBlock: 0,
        pollIntervalMs: 1000,
        maxLogRange: 2000,
        sources: { tokens: [weth.toLowerCase()], uniswapV2Factories: [factory.toLowerCase()], uniswapV3Factories: [], aaveV3Pools: [], priceFeeds: [] },
        priceFeeds: [],
      },
    ]);
  });

  it('keeps several RPC URLs in fallback order', () => {
    const [chain] = parseChainsFile(JSON.stringify({ chains: [{ chainId: 10, name: 'optimism', rpcUrls: ['https://a', 'https://b'], finalityDepth: 50 }] }));
    expect(chain).toMatchObject({ rpcUrls: ['https://a', 'https://b'], wsUrls: [], finalityDepth: 50, startBlock: undefined });
  });

  it('takes explicit sources, lowercased and de-duplicated', () => {
    const text = JSON.stringify({ chains: [{ chainId: 1, name: 'ethereum', rpcUrl: 'https://a', sources: { tokens: [weth, weth.toLowerCase()], uniswapV2Factories: [factory] } }] });
    expect(parseChainsFile(text)[0]?.sources).toEqual({ tokens: [weth.toLowerCase()], uniswapV2Factories: [factory.toLowerCase()], uniswapV3Factories: [], aaveV3Pools: [], priceFeeds: [] });
  });

  it('merges the mainnet registry with useRegistry', () => {
    const text = JSON.stringify({ chains: [{ chainId: 8453, name: 'base', rpcUrl: 'https://a', useRegistry: true, sources: { tokens: [weth] } }] });
    const sources = parseChainsFile(text)[0]?.sources;
    expect(sources?.uniswapV3Factories).toEqual(['0x33128a8fc17869897dce68ed026d694621f6fdfd']);
    expect(sources?.aaveV3Pools).toEqual(['0xa238dd80c259a72e81d7e4664a9801593f98d1c5']);
    expect(sources?.tokens).toEqual([weth.toLowerCase()]);
  });

  it('keeps the asset of every devnet manifest feed, several aggregators per asset, with default decimals', () => {
    const [parsed] = parseChainsFile(chain({ priceFeeds: [
      { asset: weth, symbol: 'WETH', aggregator: feedA },
      { asset: weth, symbol: 'WETH', aggregator: feedB },
      { asset: usdc, symbol: 'USDC', aggregator: feedC },
    ] }));
    expect(parsed?.priceFeeds).toEqual([
      { aggregator: feedA.toLowerCase(), asset: weth.toLowerCase(), decimals: 8, heartbeatSec: undefined },
      { aggregator: feedB.toLowerCase(), asset: weth.toLowerCase(), decimals: 8, heartbeatSec: undefined },
      { aggregator: feedC.toLowerCase(), asset: usdc.toLowerCase(), decimals: 8, heartbeatSec: undefined },
    ]);
    expect(parsed?.sources.priceFeeds).toEqual([feedA, feedB, feedC].map((a) => a.toLowerCase()));
  });

  it('takes feeds in sources as bare aggregators (indexed only) or with their asset, decimals and heartbeat', () => {
    const [parsed] = parseChainsFile(chain({ sources: { priceFeeds: [feedA, { aggregator: feedB, asset: usdc, decimals: 18, heartbeatSec: 86_400 }] } }));
    expect(parsed?.sources.priceFeeds).toEqual([feedA.toLowerCase(), feedB.toLowerCase()]);
    expect(parsed?.priceFeeds).toEqual([{ aggregator: feedB.toLowerCase(), asset: usdc.toLowerCase(), decimals: 18, heartbeatSec: 86_400 }]);
  });

  it('indexes top-level feeds even when sources are explicit, and with useRegistry', () => {
    const explicit = parseChainsFile(chain({ sources: { tokens: [weth] }, priceFeeds: [{ aggregator: feedA, asset: weth }] }))[0];
    expect(explicit?.sources.priceFeeds).toEqual([feedA.toLowerCase()]);
    const registry = parseChainsFile(chain({ useRegistry: true, sources: { priceFeeds: [{ aggregator: feedC, asset: usdc }] } }))[0];
    expect(registry?.sources.priceFeeds).toEqual([feedC.toLowerCase()]);
    expect(registry?.priceFeeds?.map((f) => f.asset)).toEqual([usdc.toLowerCase()]);
  });

  it.each([
    ['a feed without its asset', chain({ priceFeeds: [{ aggregator: feedA }] }), /chains\.0\.priceFeeds\.0\.asset/],
    ['a feed with a malformed asset', chain({ priceFeeds: [{ aggregator: feedA, asset: '0x12' }] }), /chains\.0\.priceFeeds\.0\.asset: a 0x address/],
    ['feed decimals above 255', chain({ priceFeeds: [{ aggregator: feedA, asset: weth, decimals: 256 }] }), /chains\.0\.priceFeeds\.0\.decimals/],
    ['a zero heartbeat', chain({ priceFeeds: [{ aggregator: feedA, asset: weth, heartbeatSec: 0 }] }), /chains\.0\.priceFeeds\.0\.heartbeatSec/],
    ['a source feed that is neither an address nor a feed', chain({ sources: { priceFeeds: [42] } }), /sources\.priceFeeds\.0: an aggregator address or \{ aggregator, asset/],
    ['one aggregator for two assets', chain({ priceFeeds: [{ aggregator: feedA, asset: weth }, { aggregator: feedA, asset: usdc }] }), /listed twice with different assets/],
  ])('rejects %s in one line', (_case, text, message) => {
    expect(() => parseChainsFile(text)).toThrow(/^CHAINS_CONFIG is invalid: [^\n]+$/);
    expect(() => parseChainsFile(text)).toThrow(message);
  });

  it.each([
    ['useRegistry on a chain outside the registry', JSON.stringify({ chains: [{ chainId: 999, name: 'x', rpcUrl: 'http://a', useRegistry: true }] }), /useRegistry only on chains in the registry/],
    ['a malformed source address', JSON.stringify({ chains: [{ chainId: 1, name: 'x', rpcUrl: 'http://a', sources: { tokens: ['0x12'] } }] }), /sources\.tokens\.0/],
    ['not JSON', '{', /unparseable JSON/],
    ['no chains', '{"chains": []}', /chains/],
    ['no RPC URL', '{"chains":[{"chainId":1,"name":"x"}]}', /rpcUrl or rpcUrls is required/],
    ['a non-http RPC URL', '{"chains":[{"chainId":1,"name":"x","rpcUrl":"ftp://a"}]}', /chains\.0\.rpcUrl/],
    ['a negative chain id', '{"chains":[{"chainId":-1,"name":"x","rpcUrl":"http://a"}]}', /chains\.0\.chainId/],
    ['a duplicate chain id', '{"chains":[{"chainId":1,"name":"a","rpcUrl":"http://a"},{"chainId":1,"name":"b","rpcUrl":"http://b"}]}', /chainId 1 twice/],
  ])('rejects %s naming CHAINS_CONFIG', (_case, text, message) => {
    expect(() => parseChainsFile(text)).toThrow(/CHAINS_CONFIG is invalid/);
    expect(() => parseChainsFile(text)).toThrow(message);
  });
});
