import { parse, print } from 'graphql';
import { describe, expect, it } from 'vitest';
import { createResumeTracker, REORG_WINDOW_BLOCKS } from './createResumeTracker.js';

const swaps = parse(`subscription S($chainId: Int!, $from: Int) {
  poolSwaps(chainId: $chainId, fromBlock: $from) { blockNumber logIndex blockHash removed amount0 }
}`);
/** Selects neither blockHash nor removed: the tracker must still tell a replacement from the original. */
const bare = parse(`subscription S($chainId: Int!, $from: Int) { poolSwaps(chainId: $chainId, fromBlock: $from) { blockNumber logIndex amount0 } }`);

/** What the server sends for the tracker's document (identity fields under the tracker's aliases). */
const wire = (blockNumber: number, logIndex: number, extra: { blockHash?: string; removed?: boolean; amount0?: string } = {}) => {
  const blockHash = extra.blockHash ?? `0x${blockNumber}`;
  const removed = extra.removed ?? false;
  return {
    poolSwaps: {
      blockNumber, logIndex, blockHash, removed, amount0: extra.amount0 ?? '1',
      ocsResumeBlockNumber: blockNumber, ocsResumeLogIndex: logIndex, ocsResumeBlockHash: blockHash, ocsResumeRemoved: removed,
    },
  };
};
/** What the consumer sees: the same without the tracker's aliases. */
const seen = (blockNumber: number, logIndex: number, extra: { blockHash?: string; removed?: boolean; amount0?: string } = {}) => ({
  poolSwaps: { blockNumber, logIndex, blockHash: extra.blockHash ?? `0x${blockNumber}`, removed: extra.removed ?? false, amount0: extra.amount0 ?? '1' },
});
const label = (data: unknown) => {
  const s = (data as { poolSwaps: { blockNumber: number; logIndex: number; blockHash?: string; removed?: boolean } }).poolSwaps;
  return `${s.blockNumber}:${s.logIndex}${s.blockHash && s.blockHash !== `0x${s.blockNumber}` ? `@${s.blockHash}` : ''}${s.removed ? 'R' : ''}`;
};

function feed(tracker: NonNullable<ReturnType<typeof createResumeTracker>>, events: unknown[]): string[] {
  return events.flatMap((e) => tracker.accept(e)).map(label);
}

describe('createResumeTracker()', () => {
  it.each([
    ['a query', 'query Q($fromBlock: Int) { blocks(chainId: 1, first: $fromBlock) { totalCount } }'],
    ['a subscription without fromBlock', 'subscription { blockAdded(chainId: 1) { number } }'],
    ['fromBlock given as a literal', 'subscription { poolSwaps(chainId: 1, fromBlock: 5) { blockNumber logIndex } }'],
    ['no logIndex selected', 'subscription($f: Int) { poolSwaps(chainId: 1, fromBlock: $f) { blockNumber } }'],
  ])('does not resume %s', (_name, source) => {
    expect(createResumeTracker(parse(source), {})).toBeUndefined();
  });

  it('adds the identity fields under private aliases and strips them before delivery', () => {
    const tracker = createResumeTracker(bare, { chainId: 1 })!;
    expect(print(tracker.document)).toContain('ocsResumeBlockHash: blockHash');
    expect(print(tracker.document)).toContain('ocsResumeRemoved: removed');
    const [delivered] = tracker.accept({ poolSwaps: { blockNumber: 3, logIndex: 0, amount0: '5', ocsResumeBlockNumber: 3, ocsResumeLogIndex: 0, ocsResumeBlockHash: '0xa', ocsResumeRemoved: false } });
    expect(delivered).toEqual({ poolSwaps: { blockNumber: 3, logIndex: 0, amount0: '5' } });
  });

  it('resubscribes with the caller\'s variables until an event arrives, then from the last block delivered', () => {
    const tracker = createResumeTracker(swaps, { chainId: 1 })!;
    expect(tracker.variables()).toEqual({ chainId: 1 });
    feed(tracker, [wire(10, 0), wire(12, 3)]);
    expect(tracker.variables()).toEqual({ chainId: 1, from: 12 });
  });

  it('starts from the block it was given when the caller gave no fromBlock, and reads chainId', () => {
    const tracker = createResumeTracker(swaps, { chainId: 42161 })!;
    expect({ chainId: tracker.chainId, needsStart: tracker.needsStart() }).toEqual({ chainId: 42161, needsStart: true });
    tracker.start(501);
    expect(tracker.needsStart()).toBe(false);
    expect(tracker.variables()).toEqual({ chainId: 42161, from: 501 });
    expect(tracker.variables()).toEqual({ chainId: 42161, from: 501 }); // a reconnect before the first event
    expect(createResumeTracker(swaps, { chainId: 1, from: 7 })!.needsStart()).toBe(false);
  });

  it('drops the events replayed after a resubscription and keeps the new ones of the same block', () => {
    const tracker = createResumeTracker(swaps, { chainId: 1 })!;
    expect(feed(tracker, [wire(10, 0), wire(12, 3), wire(12, 5)])).toEqual(['10:0', '12:3', '12:5']);
    expect(tracker.variables()).toEqual({ chainId: 1, from: 12 });
    expect(feed(tracker, [wire(12, 3), wire(12, 5), wire(12, 7), wire(13, 0)])).toEqual(['12:7', '13:0']);
  });

  it('delivers a swap re-sent after its retraction when a reorg flips back (A -> B -> A), without a reconnect', () => {
    const tracker = createResumeTracker(swaps, { chainId: 1 })!;
    const events = [wire(12, 3), wire(12, 3, { removed: true }), wire(12, 3, { blockHash: '0xb' }), wire(12, 3, { blockHash: '0xb', removed: true }), wire(12, 3)];
    expect(feed(tracker, events)).toEqual(['12:3', '12:3R', '12:3@0xb', '12:3@0xbR', '12:3']);
  });

  it('delivers a swap re-sent after its retraction during the replay that follows a resubscription', () => {
    const tracker = createResumeTracker(swaps, { chainId: 1 })!;
    feed(tracker, [wire(12, 3), wire(12, 5)]);
    tracker.variables();
    const events = [wire(12, 3), wire(12, 3, { removed: true }), wire(12, 3, { blockHash: '0xb' }), wire(12, 3, { blockHash: '0xb', removed: true }), wire(12, 3), wire(12, 5)];
    expect(feed(tracker, events)).toEqual(['12:3R', '12:3@0xb', '12:3@0xbR', '12:3']);
  });

  it('delivers the replacement at the same position when blockHash is not selected', () => {
    const tracker = createResumeTracker(bare, { chainId: 1 })!;
    const delivered = [wire(12, 3), wire(12, 3, { removed: true }), wire(12, 3, { blockHash: '0xb', amount0: '9' })].flatMap((e) => tracker.accept(e));
    expect(delivered.map((d) => (d as { poolSwaps: { amount0: string } }).poolSwaps.amount0)).toEqual(['1', '1', '9']);
  });

  it('resumes below every block still unretracted when cut between retractions (newest first), and retracts what the replay no longer holds', () => {
    const tracker = createResumeTracker(swaps, { chainId: 1 })!;
    feed(tracker, [wire(99, 0), wire(100, 0), wire(101, 0), wire(102, 0)]);
    // The connection dies after 102R and 101R: block 100's swap is orphaned too, but its retraction never came.
    feed(tracker, [wire(102, 0, { removed: true }), wire(101, 0, { removed: true })]);
    const resume = tracker.variables().from as number;
    expect(resume).toBeLessThanOrEqual(100);
    // The replay is the canonical chain: 99 unchanged, 100 replaced, 101 and 102 new.
    const replay = [wire(99, 0), wire(100, 0, { blockHash: '0xb' }), wire(101, 0, { blockHash: '0xb' }), wire(102, 0, { blockHash: '0xb' })];
    expect(feed(tracker, replay.filter((e) => e.poolSwaps.blockNumber >= resume))).toEqual(['100:0R', '100:0@0xb', '101:0@0xb', '102:0@0xb']);
  });

  it('resumes from the same block when cut again before the replay caught up', () => {
    const tracker = createResumeTracker(swaps, { chainId: 1 })!;
    feed(tracker, [wire(99, 0), wire(100, 0), wire(101, 0), wire(101, 0, { removed: true })]);
    const resume = tracker.variables().from as number;
    expect(feed(tracker, [wire(99, 0)])).toEqual([]);
    expect(tracker.variables().from).toBe(resume);
    expect(feed(tracker, [wire(99, 0), wire(101, 0, { blockHash: '0xb' })])).toEqual(['100:0R', '101:0@0xb']);
  });

  it('resumes from the last block delivered once the replacements have started', () => {
    const tracker = createResumeTracker(swaps, { chainId: 1 })!;
    feed(tracker, [wire(100, 0), wire(101, 0), wire(101, 0, { removed: true }), wire(101, 0, { blockHash: '0xb' })]);
    expect(tracker.variables()).toEqual({ chainId: 1, from: 101 });
    expect(feed(tracker, [wire(101, 0, { blockHash: '0xb' }), wire(102, 0)])).toEqual(['102:0']);
  });

  it('retracts a delivered swap the replay skips (a reorg while disconnected, within the resumed blocks)', () => {
    const tracker = createResumeTracker(swaps, { chainId: 1 })!;
    feed(tracker, [wire(12, 3), wire(12, 5)]);
    tracker.variables();
    expect(feed(tracker, [wire(12, 3), wire(13, 0)])).toEqual(['12:5R', '13:0']);
  });

  it(`forgets delivered swaps more than ${REORG_WINDOW_BLOCKS} blocks below the last one`, () => {
    const tracker = createResumeTracker(swaps, { chainId: 1 })!;
    feed(tracker, [wire(1, 0), wire(2 + REORG_WINDOW_BLOCKS, 0), wire(2 + REORG_WINDOW_BLOCKS, 0, { removed: true })]);
    expect(tracker.variables()).toEqual({ chainId: 1, from: 2 + REORG_WINDOW_BLOCKS });
  });

  it('finds the fields through fragments and honours an alias of the root field', () => {
    const doc = parse(`subscription($f: Int) { s: poolSwaps(chainId: 1, fromBlock: $f) { ...Id } }
      fragment Id on PoolSwap { blockNumber ... on PoolSwap { logIndex } }`);
    const tracker = createResumeTracker(doc, {})!;
    expect(tracker.chainId).toBe(1);
    const event = { s: { blockNumber: 4, logIndex: 1, ocsResumeBlockNumber: 4, ocsResumeLogIndex: 1, ocsResumeBlockHash: '0x4', ocsResumeRemoved: false } };
    expect(tracker.accept(event)).toEqual([{ s: { blockNumber: 4, logIndex: 1 } }]);
    expect(tracker.variables()).toEqual({ f: 4 });
    expect(tracker.accept(event)).toEqual([]);
  });

  it('passes through data it cannot read instead of throwing', () => {
    const tracker = createResumeTracker(swaps, {})!;
    expect(tracker.accept(null)).toEqual([null]);
    expect(tracker.accept({ poolSwaps: { blockNumber: 'x' } })).toEqual([{ poolSwaps: { blockNumber: 'x' } }]);
  });

  it('delivers the same data shape the caller selected', () => {
    const tracker = createResumeTracker(swaps, { chainId: 1 })!;
    expect(tracker.accept(wire(5, 1))).toEqual([seen(5, 1)]);
  });
});
