import { parse } from 'graphql';
import { describe, expect, it } from 'vitest';
import { createResumeTracker } from './createResumeTracker.js';

const swaps = parse(`subscription S($chainId: Int!, $from: Int) {
  poolSwaps(chainId: $chainId, fromBlock: $from) { blockNumber logIndex blockHash removed amount0 }
}`);
const swap = (blockNumber: number, logIndex: number, extra: Record<string, unknown> = {}) => ({
  poolSwaps: { blockNumber, logIndex, blockHash: `0x${blockNumber}`, removed: false, amount0: '1', ...extra },
});

describe('createResumeTracker()', () => {
  it.each([
    ['a query', 'query Q($fromBlock: Int) { blocks(chainId: 1, first: $fromBlock) { totalCount } }'],
    ['a subscription without fromBlock', 'subscription { blockAdded(chainId: 1) { number } }'],
    ['fromBlock given as a literal', 'subscription { poolSwaps(chainId: 1, fromBlock: 5) { blockNumber logIndex } }'],
    ['no logIndex selected', 'subscription($f: Int) { poolSwaps(chainId: 1, fromBlock: $f) { blockNumber } }'],
  ])('does not resume %s', (_name, source) => {
    expect(createResumeTracker(parse(source), {})).toBeUndefined();
  });

  it('resubscribes with the caller\'s variables until an event arrives, then from the last block delivered', () => {
    const tracker = createResumeTracker(swaps, { chainId: 1 })!;
    expect(tracker.variables()).toEqual({ chainId: 1 });
    tracker.accept(swap(10, 0));
    tracker.accept(swap(12, 3));
    expect(tracker.variables()).toEqual({ chainId: 1, from: 12 });
  });

  it('drops an event replayed after a reconnect and keeps the new ones of the same block', () => {
    const tracker = createResumeTracker(swaps, { chainId: 1 })!;
    expect([swap(10, 0), swap(12, 3), swap(12, 5)].map((e) => tracker.accept(e))).toEqual([true, true, true]);
    // The resubscription (fromBlock 12) replays block 12 first.
    expect([swap(12, 3), swap(12, 5), swap(12, 7), swap(13, 0)].map((e) => tracker.accept(e))).toEqual([false, false, true, true]);
  });

  it('lets a reorg retraction and its replacement through (they differ in removed or block hash)', () => {
    const tracker = createResumeTracker(swaps, { chainId: 1 })!;
    tracker.accept(swap(12, 3));
    expect(tracker.accept(swap(12, 3, { removed: true }))).toBe(true);
    expect(tracker.accept(swap(12, 3, { blockHash: '0xother' }))).toBe(true);
    expect(tracker.accept(swap(12, 3, { blockHash: '0xother' }))).toBe(false);
  });

  it('finds the fields through fragments and honours an alias of the root field', () => {
    const doc = parse(`subscription($f: Int) { s: poolSwaps(chainId: 1, fromBlock: $f) { ...Id } }
      fragment Id on PoolSwap { blockNumber ... on PoolSwap { logIndex } }`);
    const tracker = createResumeTracker(doc, {})!;
    expect(tracker.accept({ s: { blockNumber: 4, logIndex: 1 } })).toBe(true);
    expect(tracker.accept({ s: { blockNumber: 4, logIndex: 1 } })).toBe(false);
    expect(tracker.variables()).toEqual({ f: 4 });
  });

  it('passes through data it cannot read instead of throwing', () => {
    const tracker = createResumeTracker(swaps, {})!;
    expect(tracker.accept(null)).toBe(true);
    expect(tracker.accept({ poolSwaps: { blockNumber: 'x' } })).toBe(true);
  });
});
