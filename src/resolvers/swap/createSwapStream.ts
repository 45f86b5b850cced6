import type { Logger } from '../../common/logger.js';
import type { DecodedEvent, UniswapV2SwapEvent, UniswapV3SwapEvent } from '../../datasources/chain/decoders/types.js';
import type { LogCursor, SwapRepository, SwapRow } from '../../datasources/db/repositories/swapRepository.js';
import { createSubscriptionQueue } from '../../pubsub/createSubscriptionQueue.js';
import type { ReorgEvent } from '../../pubsub/events.js';
import type { PubSubEngine } from '../../pubsub/pubSubEngine.js';
import { topics } from '../../pubsub/topics.js';
import { createSwapPricer } from './createSwapPricer.js';
import type { PoolSwap } from './swap.type.js';

/** Most blocks a `fromBlock` may lie below the indexed head (about a week of Ethereum blocks). */
export const MAX_REPLAY_BLOCKS = 50_000;
/** Swaps per replay page. */
const PAGE_SIZE = 500;
/** While the indexer backfills (its ranges are not published), the replay polls the database this often. */
const BACKFILL_POLL_MS = 1000;
/** Live swaps and reorgs buffered for a consumer that is not reading; beyond it the stream repairs from Postgres. */
const MAX_BUFFERED = 20_000;
const MAX_LOG_INDEX = 2_147_483_647;
const BLOCK_CACHE_SIZE = 512;

type SwapEvent = UniswapV2SwapEvent | UniswapV3SwapEvent;
type LiveItem = { kind: 'swap'; event: SwapEvent } | { kind: 'reorg'; event: ReorgEvent };

/** Options of {@link createSwapStream}. */
export interface SwapStreamOptions {
  chainId: number;
  /** Lowercase pool address, or null for every V2/V3 pool of the chain. */
  pool: string | null;
  /**
   * First block to deliver (replayed from Postgres when already indexed). Validated by the caller. Null: live only on
   * a chain with nothing indexed yet; the stream starts at the first block published to it (the indexer's unpublished
   * initial catch-up is not replayed).
   */
  fromBlock: number | null;
  /** Deepest possible reorg: delivered swaps are remembered this many blocks back for retraction. */
  finalityDepth: number;
  repo: SwapRepository;
  pubsub: PubSubEngine;
  logger: Logger;
  /** Swaps per replay page. Default 500. */
  pageSize?: number;
  /** Pools whose prices are cached (least recently used beyond it are dropped). Default 2,000 (`MAX_PRICED_POOLS`). */
  maxPricedPools?: number;
}

const isSwap = (event: DecodedEvent): event is SwapEvent => event.kind === 'uniswapV2Swap' || event.kind === 'uniswapV3Swap';
const compare = (a: LogCursor, b: LogCursor) => a.blockNumber - b.blockNumber || a.logIndex - b.logIndex;
const keyOf = (swap: { blockHash: string; logIndex: number }) => `${swap.blockHash}:${swap.logIndex}`;

function toRow(event: SwapEvent, timestampSec: number): SwapRow {
  const v2 = event.kind === 'uniswapV2Swap';
  return {
    chainId: event.chainId, pool: event.address, protocol: v2 ? 'uniswap-v2' : 'uniswap-v3', blockNumber: event.blockNumber,
    blockHash: event.blockHash, transactionHash: event.txHash, logIndex: event.logIndex, timestampSec, sender: event.sender,
    recipient: v2 ? event.to : event.recipient,
    amount0: v2 ? event.amount0In - event.amount0Out : event.amount0,
    amount1: v2 ? event.amount1In - event.amount1Out : event.amount1,
  };
}

/** Forwards a pub/sub iterator into `push` until it ends, then calls `onEnd`. */
async function pump<T>(source: AsyncIterator<T>, push: (value: T) => void, onEnd: () => void): Promise<void> {
  try {
    for (;;) {
      const result = await source.next();
      if (result.done) break;
      push(result.value);
    }
  } finally {
    onEnd();
  }
}

/**
 * A resumable, reorg-aware stream of a chain's (or one pool's) swaps. It subscribes to the live topics at once
 * (their queues buffer from that moment), replays stored swaps after `fromBlock - 1` in (blockNumber, logIndex)
 * order up to the indexed head, then drains the live queue, dropping what it already sent and swaps of blocks that
 * are no longer stored (orphaned). A live swap of a block after the cursor's first reads Postgres up to that block,
 * which delivers swaps stored but never published (Redis confirming late or down, the indexer catching up without
 * publishing). A reorg retracts (`removed: true`, newest first) every swap it delivered from a block that is no
 * longer canonical, then re-reads the replacement blocks from Postgres; later live swaps of those blocks are dropped
 * as duplicates. Any error ends the stream and unsubscribes.
 */
export function createSwapStream(options: SwapStreamOptions): AsyncIterableIterator<PoolSwap> {
  const { chainId, pool, repo, pubsub, finalityDepth } = options;
  const pageSize = options.pageSize ?? PAGE_SIZE;
  const log = options.logger.child({ component: 'poolSwaps', chainId, pool });
  const swapSource = pubsub.subscribe<DecodedEvent>(pool === null ? topics.events(chainId) : topics.swaps(chainId, pool));
  const reorgSource = pubsub.subscribe<ReorgEvent>(topics.reorg(chainId));
  let overflowed = false;
  const queue = createSubscriptionQueue<LiveItem>({
    maxBuffered: MAX_BUFFERED,
    onClose: () => {
      void swapSource.return?.();
      void reorgSource.return?.();
    },
    onOverflow: () => (overflowed = true),
  });
  let ended = 0;
  const onSourceEnd = () => ++ended === 2 && queue.close();
  void pump(swapSource, (event) => isSwap(event) && queue.push({ kind: 'swap', event }), onSourceEnd).catch(() => queue.close());
  void pump(reorgSource, (event) => queue.push({ kind: 'reorg', event }), onSourceEnd).catch(() => queue.close());

  const pricer = createSwapPricer(repo, chainId, { maxPools: options.maxPricedPools });
  /** Stored blocks seen (hash -> number, timestamp): a live swap whose block is not stored is orphaned. */
  const blocks = new Map<string, { number: number; timestampSec: number }>();
  /** Swaps delivered within the reorg window, for retraction. */
  let recent: PoolSwap[] = [];
  const recentKeys = new Set<string>();
  let highestBlock = -1;
  /** False until a live-only stream on an empty chain knows where to start ({@link SwapStreamOptions.fromBlock} null). */
  let started = options.fromBlock !== null;
  let cursor: LogCursor = { blockNumber: (options.fromBlock ?? 0) - 1, logIndex: MAX_LOG_INDEX };
  let closed = false;
  let wakeSleep: (() => void) | null = null;

  function remember(hash: string, block: { number: number; timestampSec: number }): void {
    blocks.set(hash, block);
    if (blocks.size > BLOCK_CACHE_SIZE) blocks.delete(blocks.keys().next().value as string);
  }

  function deliver(swap: PoolSwap): PoolSwap {
    recent.push(swap);
    recentKeys.add(keyOf(swap));
    if (compare(swap, cursor) > 0) cursor = { blockNumber: swap.blockNumber, logIndex: swap.logIndex };
    if (swap.blockNumber > highestBlock) highestBlock = swap.blockNumber;
    if (recent.length % 256 === 0) {
      recent = recent.filter((s) => s.blockNumber >= highestBlock - finalityDepth);
      recentKeys.clear();
      for (const s of recent) recentKeys.add(keyOf(s));
    }
    return swap;
  }

  async function sleep(ms: number): Promise<void> {
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, ms);
      wakeSleep = () => {
        clearTimeout(timer);
        resolve();
      };
    });
    wakeSleep = null;
  }

  /** Delivers stored swaps after the cursor up to block `toBlock` (inclusive), in pages. */
  async function* readUpTo(toBlock: number): AsyncGenerator<PoolSwap> {
    for (;;) {
      const page = await repo.listSwapsAfter(chainId, pool, cursor, toBlock, pageSize);
      const fresh = page.filter((row) => !recentKeys.has(keyOf(row)));
      const priced = await pricer.value(fresh);
      for (const row of page) {
        if (closed) return;
        const last = { blockNumber: row.blockNumber, logIndex: row.logIndex };
        if (compare(last, cursor) > 0) cursor = last;
        remember(row.blockHash, { number: row.blockNumber, timestampSec: row.timestampSec });
        const swap = priced.get(keyOf(row));
        if (swap) yield deliver(swap);
      }
      if (page.length < pageSize) return;
    }
  }

  /** Delivers stored swaps after the cursor up to the indexed head; with `untilRealtime`, also waits out a backfill. */
  async function* catchUp(untilRealtime: boolean): AsyncGenerator<PoolSwap> {
    while (!closed) {
      const info = await repo.getChainInfo(chainId);
      const head = info?.indexedBlock ?? -1;
      yield* readUpTo(head);
      if (closed) return;
      const realtime = !info || info.headBlock === null || head >= info.headBlock - info.finalityDepth;
      if (!untilRealtime || realtime) return;
      await sleep(BACKFILL_POLL_MS);
    }
  }

  /** Retracts delivered swaps of blocks above `ancestor` that are no longer stored, then re-reads from there. */
  async function* repair(ancestor: number | null): AsyncGenerator<PoolSwap> {
    const floor = ancestor ?? -1;
    for (const [hash, block] of blocks) if (block.number > floor) blocks.delete(hash);
    const suspects = recent.filter((s) => s.blockNumber > floor);
    const canonical = await repo.getCanonicalBlocks(chainId, [...new Set(suspects.map((s) => s.blockHash))]);
    const orphaned = suspects.filter((s) => !canonical.has(s.blockHash)).sort((a, b) => compare(b, a));
    if (orphaned.length > 0) {
      const gone = new Set(orphaned.map(keyOf));
      recent = recent.filter((s) => !gone.has(keyOf(s)));
      for (const key of gone) recentKeys.delete(key);
      log.info({ ancestor, retracted: orphaned.length }, 'reorg: retracting swaps of orphaned blocks');
    }
    for (const swap of orphaned) yield { ...swap, removed: true };
    const rewindTo = Math.min(ancestor ?? Number.POSITIVE_INFINITY, ...orphaned.map((s) => s.blockNumber - 1));
    if (Number.isFinite(rewindTo) && cursor.blockNumber > rewindTo) cursor = { blockNumber: rewindTo, logIndex: MAX_LOG_INDEX };
    yield* catchUp(false);
  }

  /** The live swap as delivered, or null when its block is no longer stored (orphaned before we drained it). */
  async function fromLive(event: SwapEvent): Promise<PoolSwap | null> {
    let block = blocks.get(event.blockHash);
    if (!block) {
      block = (await repo.getCanonicalBlocks(chainId, [event.blockHash])).get(event.blockHash);
      if (!block) return null;
      remember(event.blockHash, block);
    }
    const row = toRow(event, block.timestampSec);
    return (await pricer.value([row])).get(keyOf(row)) ?? null;
  }

  /** A live-only stream on an empty chain starts after `block` (nothing was delivered before). */
  function startAfter(block: number): void {
    started = true;
    cursor = { blockNumber: block, logIndex: MAX_LOG_INDEX };
  }

  async function* drainLive(): AsyncGenerator<PoolSwap> {
    while (!closed) {
      if (overflowed) {
        overflowed = false;
        log.warn('slow subscriber: live buffer overflowed, repairing from the database');
        if (!started) {
          // Not started: what was dropped lies in the published (unfinalized) window at most.
          const info = await repo.getChainInfo(chainId);
          if (info && info.indexedBlock !== null) startAfter(Math.max((info.firstBlock ?? 0) - 1, info.indexedBlock - finalityDepth));
        }
        if (started) yield* repair(null);
      }
      const next = await queue.iterator.next();
      if (next.done) return;
      const item = next.value;
      if (item.kind === 'reorg') {
        if (started) yield* repair(item.event.commonAncestor);
        else startAfter(item.event.commonAncestor);
        continue;
      }
      const { event } = item;
      if (!started) startAfter(event.blockNumber - 1);
      // Every block after the cursor's is read whole from Postgres when its first live swap arrives: this delivers
      // swaps stored but never published (the indexer catching up after a restart or an RPC stall, Redis down, Redis
      // confirming the subscription late) in order; the live copy is then at or below the cursor and dropped.
      if (event.blockNumber > cursor.blockNumber) yield* readUpTo(event.blockNumber);
      if (compare(event, cursor) <= 0) continue;
      if (recentKeys.has(keyOf(event))) continue;
      const swap = await fromLive(event);
      if (swap) yield deliver(swap);
    }
  }

  async function* run(): AsyncGenerator<PoolSwap> {
    try {
      if (started) yield* catchUp(true);
      yield* drainLive();
    } finally {
      // Also on an error: graphql-ws drops a subscription whose next() rejects without calling return().
      close();
    }
  }

  function close(): void {
    closed = true;
    queue.close();
    wakeSleep?.();
  }
  const stream = run();
  return {
    next: () => stream.next(),
    return: async () => {
      close();
      return stream.return(undefined);
    },
    throw: async (error?: unknown) => {
      close();
      return stream.throw(error);
    },
    [Symbol.asyncIterator]() {
      return this;
    },
  };
}
