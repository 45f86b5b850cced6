import { describe, expect, it } from 'vitest';
import { parseChainsFile } from './chainsFile.js';

const weth = '0xC02aaA39b223FE8D0A0e5C4F27eAD9083C756Cc2';
const factory = '0x5C69bEe701ef814a2B6a3EDD4B1652CB9cc5aA6f';

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
