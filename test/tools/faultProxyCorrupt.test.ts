import { describe, expect, it } from 'vitest';
import { createRandom } from '../../src/devnet/utils/random.js';
import { alterHex, corruptResult } from './faultProxyCorrupt.js';

const block = { number: '0x5', hash: `0x${'ab'.repeat(32)}`, parentHash: `0x${'cd'.repeat(32)}`, timestamp: '0x1' };
const logs = [
  { blockHash: `0x${'11'.repeat(32)}`, logIndex: '0x0' },
  { blockHash: `0x${'22'.repeat(32)}`, logIndex: '0x1' },
];

describe('corruptResult()', () => {
  it.each([
    ['an unrelated method', 'eth_chainId', '0x1', undefined],
    ['a missing block', 'eth_getBlockByNumber', null, undefined],
    ['no logs', 'eth_getLogs', [], undefined],
    ['head 0 with nothing answered before', 'eth_blockNumber', '0x0', undefined],
  ])('leaves %s alone', (_case, method, result, lastHead) => {
    expect(corruptResult(method, result, createRandom(1), lastHead)).toBeUndefined();
  });

  it('changes exactly one of hash, parentHash, number (by one) of a block', () => {
    const random = createRandom(9);
    for (let i = 0; i < 50; i++) {
      const corrupted = corruptResult('eth_getBlockByHash', block, random, undefined);
      const got = corrupted?.result as typeof block;
      const changed = (['hash', 'parentHash', 'number'] as const).filter((key) => got[key] !== block[key]);
      expect(changed).toEqual([corrupted?.corruption.slice('block.'.length)]);
      if (changed[0] === 'number') expect(['0x4', '0x6']).toContain(got.number);
      expect(got.timestamp).toBe(block.timestamp);
    }
  });

  it('drops one log or alters one blockHash', () => {
    const random = createRandom(2);
    const seen = new Set<string>();
    for (let i = 0; i < 30; i++) {
      const corrupted = corruptResult('eth_getLogs', logs, random, undefined)!;
      const got = corrupted.result as typeof logs;
      seen.add(corrupted.corruption);
      if (corrupted.corruption === 'logs.drop') expect(got).toHaveLength(1);
      else expect(got.filter((log, j) => log.blockHash !== logs[j]!.blockHash)).toHaveLength(1);
    }
    expect(seen).toEqual(new Set(['logs.drop', 'logs.blockHash']));
  });

  it('answers eth_blockNumber 1-3 blocks below the last answered head, never below 0', () => {
    const random = createRandom(4);
    for (let i = 0; i < 50; i++) {
      const head = BigInt(corruptResult('eth_blockNumber', '0x64', random, 10n)!.result as string);
      expect(head >= 7n && head <= 9n).toBe(true);
    }
    expect(corruptResult('eth_blockNumber', '0x64', random, 1n)?.result).toBe('0x0');
    expect(BigInt(corruptResult('eth_blockNumber', '0x2', random, undefined)!.result as string) < 2n).toBe(true);
  });
});

describe('alterHex()', () => {
  it('changes the value and keeps its length for every last digit', () => {
    for (const digit of '0123456789abcdef') {
      const value = `0x12${digit}`;
      expect(alterHex(value)).not.toBe(value);
      expect(alterHex(value)).toHaveLength(value.length);
    }
  });
});
