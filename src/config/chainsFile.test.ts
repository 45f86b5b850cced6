import { describe, expect, it } from 'vitest';
import { parseChainsFile } from './chainsFile.js';

describe('parseChainsFile()', () => {
  it('accepts the devnet manifest shape and fills defaults', () => {
    const manifest = {
      version: 1,
      chains: [{ chainId: 1, name: 'ethereum', rpcUrl: 'http://127.0.0.1:8545', wsUrl: 'ws://127.0.0.1:8545', contracts: { WETH9: '0x1' }, startBlock: 0 }],
    };
    expect(parseChainsFile(JSON.stringify(manifest))).toEqual([
      { chainId: 1, name: 'ethereum', rpcUrls: ['http://127.0.0.1:8545'], wsUrls: ['ws://127.0.0.1:8545'], finalityDepth: 12, startBlock: 0, pollIntervalMs: 1000 },
    ]);
  });

  it('keeps several RPC URLs in fallback order', () => {
    const [chain] = parseChainsFile(JSON.stringify({ chains: [{ chainId: 10, name: 'optimism', rpcUrls: ['https://a', 'https://b'], finalityDepth: 50 }] }));
    expect(chain).toMatchObject({ rpcUrls: ['https://a', 'https://b'], wsUrls: [], finalityDepth: 50, startBlock: undefined });
  });

  it.each([
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
