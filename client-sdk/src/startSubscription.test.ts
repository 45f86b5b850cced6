import { afterEach, describe, expect, it, vi } from 'vitest';
import { BlockAddedDocument, PoolSwapsDocument } from './generated/graphql.js';
import { OnChainError } from './onChainError.js';
import { startSubscription, type SubscribeFn } from './startSubscription.js';

type Sink = Parameters<SubscribeFn>[1];

/** A transport that records each subscribe message as graphql-ws sends it (variables read once, serialized). */
function recordingTransport() {
  const messages: { query: string; variables: Record<string, unknown> }[] = [];
  const sinks: Sink[] = [];
  let cancels = 0;
  const subscribe: SubscribeFn = (payload, sink) => {
    messages.push(JSON.parse(JSON.stringify(payload)) as (typeof messages)[number]);
    sinks.push(sink);
    return () => cancels++;
  };
  return { subscribe: () => subscribe, messages, sinks, cancels: () => cancels, sink: () => sinks.at(-1)! };
}

const swap = (blockNumber: number, logIndex: number) => ({
  data: {
    poolSwaps: {
      blockNumber, logIndex, blockHash: `0x${blockNumber}`, removed: false,
      ocsResumeBlockNumber: blockNumber, ocsResumeLogIndex: logIndex, ocsResumeBlockHash: `0x${blockNumber}`, ocsResumeRemoved: false,
    },
  },
});
const rateLimited = [{ message: 'Too many subscriptions', extensions: { code: 'RATE_LIMITED', retryAfterSeconds: 2 } }];
const noHead = async () => null;

async function take<T>(iterator: AsyncIterator<T>, count: number): Promise<T[]> {
  const out: T[] = [];
  while (out.length < count) {
    const result = await iterator.next();
    if (result.done) throw new Error('ended');
    out.push(result.value);
  }
  return out;
}
const failureOf = (iterator: AsyncIterator<unknown>) => iterator.next().then(() => undefined, (e: unknown) => e as OnChainError);

describe('startSubscription()', () => {
  afterEach(() => vi.useRealTimers());

  it('resubscribes after a retryable error, once retryAfterSeconds has passed, from the last block delivered', async () => {
    vi.useFakeTimers();
    const t = recordingTransport();
    const swaps = startSubscription<{ poolSwaps: { blockNumber: number; logIndex: number } }>(PoolSwapsDocument, { chainId: 1, fromBlock: 5 }, { subscribe: t.subscribe, indexedBlock: noHead });
    const iterator = swaps[Symbol.asyncIterator]();
    await vi.advanceTimersByTimeAsync(0);
    t.sink().next(swap(7, 1));
    expect((await take(iterator, 1))[0]!.poolSwaps).toEqual({ blockNumber: 7, logIndex: 1, blockHash: '0x7', removed: false });
    t.sink().error(rateLimited);
    await vi.advanceTimersByTimeAsync(1_999);
    expect(t.messages).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(t.messages.map((m) => m.variables)).toEqual([{ chainId: 1, fromBlock: 5 }, { chainId: 1, fromBlock: 7 }]);
    t.sink().next(swap(7, 1)); // the replay: already delivered
    t.sink().next(swap(8, 0));
    expect((await take(iterator, 1))[0]!.poolSwaps.blockNumber).toBe(8);
    swaps.unsubscribe();
  });

  it('resubscribes after an event that carries a retryable error (SERVICE_UNAVAILABLE)', async () => {
    const t = recordingTransport();
    const blocks = startSubscription<{ blockAdded: { number: number } }>(BlockAddedDocument, { chainId: 1 }, { subscribe: t.subscribe, indexedBlock: noHead, retry: { baseDelayMs: 1, maxDelayMs: 1 } });
    const iterator = blocks[Symbol.asyncIterator]();
    await vi.waitFor(() => expect(t.sinks).toHaveLength(1));
    t.sink().next({ errors: [{ message: 'Database unavailable', extensions: { code: 'SERVICE_UNAVAILABLE' } }] });
    await vi.waitFor(() => expect(t.sinks).toHaveLength(2));
    t.sink().next({ data: { blockAdded: { number: 3 } } });
    expect(await take(iterator, 1)).toEqual([{ blockAdded: { number: 3 } }]);
    expect(t.cancels()).toBe(1);
    blocks.unsubscribe();
  });

  it('fails with the last error after retry.attempts resubscriptions in a row', async () => {
    const t = recordingTransport();
    const blocks = startSubscription(BlockAddedDocument, { chainId: 1 }, { subscribe: t.subscribe, indexedBlock: noHead, retry: { attempts: 2, baseDelayMs: 1, maxDelayMs: 1 } });
    const failure = failureOf(blocks[Symbol.asyncIterator]());
    for (let n = 1; n <= 3; n++) {
      await vi.waitFor(() => expect(t.sinks).toHaveLength(n));
      t.sink().error([{ message: 'Busy', extensions: { code: 'SERVICE_UNAVAILABLE' } }]);
    }
    expect((await failure)?.code).toBe('SERVICE_UNAVAILABLE');
    expect(t.messages).toHaveLength(3);
  });

  it.each([
    ['a non-retryable server error', [{ message: 'Unknown chain 999', extensions: { code: 'NOT_FOUND' } }], 'NOT_FOUND'],
    ['a WebSocket that ran out of reconnects', { code: 1006, reason: '' }, 'NETWORK_ERROR'],
  ])('fails at once on %s', async (_name, reported, code) => {
    const t = recordingTransport();
    const blocks = startSubscription(BlockAddedDocument, { chainId: 999 }, { subscribe: t.subscribe, indexedBlock: noHead, retry: { baseDelayMs: 1, maxDelayMs: 1 } });
    const failure = failureOf(blocks[Symbol.asyncIterator]());
    await vi.waitFor(() => expect(t.sinks).toHaveLength(1));
    t.sink().error(reported);
    expect((await failure)?.code).toBe(code);
    expect(t.messages).toHaveLength(1);
  });

  it('starts a resumable subscription without fromBlock after the indexed head, and resubscribes from there before any event', async () => {
    const t = recordingTransport();
    const asked: number[] = [];
    const swaps = startSubscription(PoolSwapsDocument, { chainId: 42161 }, { subscribe: t.subscribe, indexedBlock: async (chainId) => (asked.push(chainId), 900), retry: { baseDelayMs: 1, maxDelayMs: 1 } });
    await vi.waitFor(() => expect(t.sinks).toHaveLength(1));
    t.sink().error(rateLimited.map((e) => ({ ...e, extensions: { code: 'RATE_LIMITED', retryAfterSeconds: 0 } })));
    await vi.waitFor(() => expect(t.sinks).toHaveLength(2));
    expect(asked).toEqual([42161]);
    expect(t.messages.map((m) => m.variables)).toEqual([{ chainId: 42161, fromBlock: 901 }, { chainId: 42161, fromBlock: 901 }]);
    swaps.unsubscribe();
  });

  it('subscribes live-only when the chain has nothing indexed, and retries a failed head request', async () => {
    const t = recordingTransport();
    let calls = 0;
    const indexedBlock = async () => {
      if (++calls === 1) throw new OnChainError({ code: 'NETWORK_ERROR', message: 'fetch failed' });
      return null;
    };
    const swaps = startSubscription(PoolSwapsDocument, { chainId: 1 }, { subscribe: t.subscribe, indexedBlock, retry: { baseDelayMs: 1, maxDelayMs: 1 } });
    await vi.waitFor(() => expect(t.sinks).toHaveLength(1));
    expect(calls).toBe(2);
    expect(t.messages[0]!.variables).toEqual({ chainId: 1 });
    swaps.unsubscribe();
  });

  it('stops the transport and fails with SLOW_CONSUMER when the consumer leaves maxBufferedEvents unread', async () => {
    const t = recordingTransport();
    const blocks = startSubscription(BlockAddedDocument, { chainId: 1 }, { subscribe: t.subscribe, indexedBlock: noHead, maxBufferedEvents: 2 });
    await vi.waitFor(() => expect(t.sinks).toHaveLength(1));
    for (let n = 0; n < 3; n++) t.sink().next({ data: { blockAdded: { number: n } } });
    expect(t.cancels()).toBe(1);
    const iterator = blocks[Symbol.asyncIterator]();
    expect(await take(iterator, 2)).toHaveLength(2);
    expect((await failureOf(iterator))?.code).toBe('SLOW_CONSUMER');
  });
});
