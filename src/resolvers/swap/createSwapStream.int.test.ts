import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { openTestDatabase } from '../../../test/helpers/database.js';
import { buildLogger } from '../../common/logger.js';
import { createDatabase, type Database } from '../../datasources/db/createDatabase.js';
import type { UniswapV2SwapEvent } from '../../datasources/chain/decoders/types.js';
import { createSwapRepository } from '../../datasources/db/repositories/swapRepository.js';
import { createMemoryPubSub } from '../../pubsub/createMemoryPubSub.js';
import type { PubSubEngine } from '../../pubsub/pubSubEngine.js';
import { topics } from '../../pubsub/topics.js';
import { createSwapPricer } from './createSwapPricer.js';
import { createSwapStream } from './createSwapStream.js';
import type { PoolSwap } from './swap.type.js';

const FINALITY_DEPTH = 64;
const POOL = '0x00000000000000000000000000000000000000a1';
const hex64 = (n: number, salt = 0) => `0x${(salt * 1_000_000_000 + n).toString(16).padStart(64, '0')}`;
const logger = buildLogger('silent');
const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

/** The in-process engine, counting the open subscriptions per topic (to prove a stream unsubscribed). */
function trackedPubSub(): PubSubEngine & { open: Map<string, number> } {
  const engine = createMemoryPubSub();
  const open = new Map<string, number>();
  return {
    ...engine,
    open,
    subscribe: <T>(topic: string) => {
      const inner = engine.subscribe<T>(topic);
      open.set(topic, (open.get(topic) ?? 0) + 1);
      let closed = false;
      const release = () => {
        if (!closed) open.set(topic, open.get(topic)! - 1);
        closed = true;
      };
      return {
        next: () => inner.next(),
        return: (value?: unknown) => {
          release();
          return inner.return!(value);
        },
        throw: (error?: unknown) => {
          release();
          return inner.throw!(error);
        },
        [Symbol.asyncIterator]() {
          return this;
        },
      } as AsyncIterableIterator<T>;
    },
  };
}

describe('createSwapStream against Postgres and the in-process pub/sub', () => {
  let db: Awaited<ReturnType<typeof openTestDatabase>>;
  let nextChain = 41_000;
  const sql = (text: string, parameters: unknown[] = []) => db.dataSource.query(text, parameters) as Promise<Record<string, unknown>[]>;

  beforeAll(async () => {
    db = await openTestDatabase('postgres');
  });
  afterAll(async () => {
    await db?.dispose();
  });

  async function addChain(indexedBlock: number | null, headBlock: number | null): Promise<number> {
    const chainId = nextChain++;
    await sql('INSERT INTO chains (chain_id, name, head_block, indexed_block, status, finality_depth) VALUES ($1, $2, $3, $4, $5, $6)', [
      chainId, `swaps-${chainId}`, headBlock, indexedBlock, 'following', FINALITY_DEPTH,
    ]);
    return chainId;
  }

  /** Stores blocks `from..to` with one V2 swap each (logIndex 3) and moves the indexed head; returns the swap events. */
  async function store(chainId: number, from: number, to: number): Promise<UniswapV2SwapEvent[]> {
    const numbers = range(from, to);
    const events = numbers.map((n): UniswapV2SwapEvent => ({
      kind: 'uniswapV2Swap', chainId, blockNumber: n, blockHash: hex64(n, chainId), txHash: hex64(n, 7), logIndex: 3, address: POOL,
      sender: POOL, to: POOL, amount0In: BigInt(n), amount1In: 0n, amount0Out: 0n, amount1Out: 5n,
    }));
    await sql(
      `INSERT INTO blocks (chain_id, number, hash, parent_hash, timestamp_sec, transaction_count, miner, gas_used)
       SELECT $1, n, h, p, 1700000000 + n * 12, 1, $5, 0 FROM unnest($2::bigint[], $3::text[], $4::text[]) AS b(n, h, p)`,
      [chainId, numbers, events.map((e) => e.blockHash), numbers.map((n) => hex64(n - 1, chainId)), POOL],
    );
    await sql(
      `INSERT INTO uniswap_v2_swaps (chain_id, block_number, log_index, block_hash, tx_hash, address, sender, to_address, amount0_in, amount1_in, amount0_out, amount1_out)
       SELECT $1, n, 3, h, t, $5, $5, $5, n, 0, 0, 5 FROM unnest($2::bigint[], $3::text[], $4::text[]) AS s(n, h, t)`,
      [chainId, numbers, events.map((e) => e.blockHash), events.map((e) => e.txHash), POOL],
    );
    await sql('UPDATE chains SET indexed_block = $2, head_block = GREATEST(head_block, $2) WHERE chain_id = $1', [chainId, to]);
    return events;
  }

  /** What the indexer's publishRange sends for a swap. */
  async function publish(pubsub: PubSubEngine, event: UniswapV2SwapEvent): Promise<void> {
    await pubsub.publish(topics.events(event.chainId), event);
    await pubsub.publish(topics.swaps(event.chainId, event.address), event);
  }

  const blocksOf = (swaps: PoolSwap[]) => swaps.map((s) => s.blockNumber);
  async function take(stream: AsyncIterableIterator<PoolSwap>, count: number): Promise<PoolSwap[]> {
    const out: PoolSwap[] = [];
    while (out.length < count) out.push((await stream.next()).value as PoolSwap);
    return out;
  }
  /** Items up to and including the first one of `block`. */
  async function takeThrough(stream: AsyncIterableIterator<PoolSwap>, block: number): Promise<PoolSwap[]> {
    const out: PoolSwap[] = [];
    while (out.at(-1)?.blockNumber !== block) out.push((await stream.next()).value as PoolSwap);
    return out;
  }

  it.each([null, POOL])(
    'delivers swaps stored but never published (indexer catch-up) before the next live one, in order and once (pool %s)',
    async (pool) => {
      const chainId = await addChain(null, 100);
      await store(chainId, 95, 100);
      const pubsub = trackedPubSub();
      const stream = createSwapStream({ chainId, pool, fromBlock: 95, finalityDepth: FINALITY_DEPTH, repo: createSwapRepository(db), pubsub, logger, pageSize: 10 });
      try {
        expect(blocksOf(await take(stream, 6))).toEqual(range(95, 100));
        const [at101] = await store(chainId, 101, 101);
        await publish(pubsub, at101!);
        expect(blocksOf(await take(stream, 1))).toEqual([101]);
        // The worker restarted (or its RPC stalled) and caught up 102-188 without publishing; publishing resumes at 189.
        await store(chainId, 102, 188);
        const [at189] = await store(chainId, 189, 189);
        await publish(pubsub, at189!);
        const caughtUp = await takeThrough(stream, 189);
        expect(blocksOf(caughtUp)).toEqual(range(102, 189));
        expect(caughtUp.every((s) => s.logIndex === 3 && s.pool === POOL && !s.removed && s.amount0 === BigInt(s.blockNumber))).toBe(true);
        // The live copy of 189 was dropped: the next item is 190, not 189 again.
        await publish(pubsub, at189!);
        const [at190] = await store(chainId, 190, 190);
        await publish(pubsub, at190!);
        expect(blocksOf(await take(stream, 1))).toEqual([190]);
      } finally {
        await stream.return?.();
      }
      expect([...pubsub.open.values()]).toEqual([0, 0]);
    },
  );

  describe('a database error ends the stream and unsubscribes', () => {
    it.each(['replay', 'live'] as const)('during the %s phase', async (phase) => {
      const chainId = await addChain(null, 10);
      await store(chainId, 1, 10);
      const pubsub = trackedPubSub();
      const own = await createDatabase({ url: urlOf(db), logger });
      const stream = createSwapStream({ chainId, pool: null, fromBlock: 1, finalityDepth: FINALITY_DEPTH, repo: createSwapRepository(own), pubsub, logger, pageSize: 5 });
      const swapTopic = topics.events(chainId);
      const reorgTopic = topics.reorg(chainId);
      expect([pubsub.open.get(swapTopic), pubsub.open.get(reorgTopic)]).toEqual([1, 1]);
      if (phase === 'live') {
        expect(blocksOf(await take(stream, 10))).toEqual(range(1, 10));
        await own.close();
        const [at11] = await store(chainId, 11, 11);
        await publish(pubsub, at11!);
      } else {
        await own.close();
      }
      await expect(stream.next()).rejects.toThrow();
      // graphql-ws would not call return() now: the stream must already have let go of both topics.
      expect([pubsub.open.get(swapTopic), pubsub.open.get(reorgTopic)]).toEqual([0, 0]);
      expect(await stream.next()).toEqual({ value: undefined, done: true });
    });

  });

  it('live only on a chain with nothing indexed starts at the first published block, not at the unpublished catch-up', async () => {
    const chainId = await addChain(null, 5000);
    const pubsub = trackedPubSub();
    const stream = createSwapStream({ chainId, pool: POOL, fromBlock: null, finalityDepth: FINALITY_DEPTH, repo: createSwapRepository(db), pubsub, logger });
    try {
      const first = stream.next();
      // The indexer's initial catch-up (not published), then the first blocks near the head (published).
      await store(chainId, 4000, 4935);
      for (const event of await store(chainId, 4936, 4938)) await publish(pubsub, event);
      expect(blocksOf([(await first).value as PoolSwap, ...(await take(stream, 2))])).toEqual([4936, 4937, 4938]);
      const [after] = await store(chainId, 4939, 4939);
      await publish(pubsub, after!);
      expect(blocksOf(await take(stream, 1))).toEqual([4939]);
    } finally {
      await stream.return?.();
    }
  });

  it('live only on a chain with nothing indexed: a reorg before any swap starts it above the common ancestor', async () => {
    const chainId = await addChain(null, 5000);
    const pubsub = trackedPubSub();
    const stream = createSwapStream({ chainId, pool: null, fromBlock: null, finalityDepth: FINALITY_DEPTH, repo: createSwapRepository(db), pubsub, logger });
    try {
      const first = stream.next();
      await store(chainId, 4000, 4935);
      await pubsub.publish(topics.reorg(chainId), { chainId, commonAncestor: 4930, removed: 5 });
      const [at4936] = await store(chainId, 4936, 4936);
      await publish(pubsub, at4936!);
      expect(blocksOf([(await first).value as PoolSwap, ...(await takeThrough(stream, 4936))])).toEqual(range(4931, 4936));
    } finally {
      await stream.return?.();
    }
  });

  it('the price cache keeps at most maxPools pools, least recently used dropped first', async () => {
    const chainId = await addChain(null, null);
    const repo = createSwapRepository(db);
    const reads = vi.spyOn(repo, 'getPoolPricing');
    const pricer = createSwapPricer(repo, chainId, { maxPools: 2 });
    const row = (pool: string, logIndex = 0) => ({
      chainId, pool, protocol: 'uniswap-v2' as const, blockNumber: 1, blockHash: hex64(1), transactionHash: hex64(2), logIndex, timestampSec: 1,
      sender: POOL, recipient: POOL, amount0: 1n, amount1: -1n,
    });
    const pools = [1, 2, 3].map((i) => `0x${String(i).padStart(40, '0')}`);
    for (const pool of pools) await pricer.value([row(pool)]);
    expect(pricer.size).toBe(2);
    await pricer.value([row(pools[2]!)]); // still cached
    expect(reads).toHaveBeenCalledTimes(3);
    await pricer.value([row(pools[0]!)]); // was evicted: read again
    expect(reads).toHaveBeenCalledTimes(4);
    expect(pricer.size).toBe(2);
    // A batch wider than the cache is still valued whole.
    expect((await pricer.value(pools.map((pool, i) => row(pool, i)))).size).toBe(3);
    expect(pricer.size).toBe(2);
  });
});

function urlOf(db: Database): string {
  return (db.dataSource.options as { url?: string }).url!;
}
