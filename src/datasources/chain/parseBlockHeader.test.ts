import { describe, expect, it } from 'vitest';
import { MalformedRpcResponseError } from './errors.js';
import { parseBlockHeader } from './parseBlockHeader.js';

const good = {
  number: 17n,
  hash: `0x${'AB'.repeat(32)}`,
  parentHash: `0x${'cd'.repeat(32)}`,
  timestamp: 1_700_000_000n,
  transactions: ['0x1', '0x2'],
  miner: `0x${'Ef'.repeat(20)}`,
  gasUsed: 21_000n,
  baseFeePerGas: 7n,
};

describe('parseBlockHeader()', () => {
  it('reduces a valid block to a lowercase header', () => {
    expect(parseBlockHeader(1, good, 17)).toEqual({
      chainId: 1,
      number: 17,
      hash: `0x${'ab'.repeat(32)}`,
      parentHash: `0x${'cd'.repeat(32)}`,
      timestampSec: 1_700_000_000,
      transactionCount: 2,
      miner: `0x${'ef'.repeat(20)}`,
      gasUsed: 21_000n,
      baseFeePerGas: 7n,
      logsBloom: null,
    });
  });

  it('keeps a missing base fee (pre-London) as null', () => {
    expect(parseBlockHeader(1, { ...good, baseFeePerGas: undefined }).baseFeePerGas).toBeNull();
  });

  it.each([
    ['null', null],
    ['a short hash', { ...good, hash: '0x1234' }],
    ['a missing parent hash', { ...good, parentHash: undefined }],
    ['a negative number', { ...good, number: -1n }],
    ['an unsafe number', { ...good, number: 2n ** 60n }],
    ['a missing timestamp', { ...good, timestamp: undefined }],
    ['transactions not a list', { ...good, transactions: 'x' }],
    ['a malformed miner', { ...good, miner: '0x12' }],
    ['gasUsed over uint256', { ...good, gasUsed: 2n ** 256n }],
  ])('rejects %s', (_case, raw) => {
    expect(() => parseBlockHeader(1, raw as never)).toThrow(MalformedRpcResponseError);
  });

  it('rejects a block other than the one asked for', () => {
    expect(() => parseBlockHeader(1, good, 18)).toThrow(/asked for block 18, got 17/);
  });
});
