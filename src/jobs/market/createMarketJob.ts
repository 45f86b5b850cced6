import type { Common } from '../../common/common.js';
import type { Database } from '../../datasources/db/createDatabase.js';
import { createMarketStateRepository, SNAPSHOT_BUCKET_SEC, type ChainMarketState } from '../../datasources/db/repositories/marketStateRepository.js';
import type { ChainTvlEvent, MarketUpdatedEvent, ProtocolTvlEvent, TokenPriceEvent } from '../../pubsub/events.js';
import type { PubSubEngine } from '../../pubsub/pubSubEngine.js';
import { topics } from '../../pubsub/topics.js';
import { computeMarketState, type MarketState } from './computeMarketState.js';
import { loadMarketInputs } from './loadMarketInputs.js';
import type { PriceFeedConfig } from '../../config/chainsFile.js';
import { createMarketBackfill, type BackfillReport, type MarketBackfill } from './createMarketBackfill.js';

/** Options of {@link createMarketJob}. */
export interface MarketJobOptions {
  common: Common;
  db: Database;
  pubsub: PubSubEngine;
  chainIds: readonly number[];
  /** USD price feeds per chain id (`ChainConfig.priceFeeds`); a chain without any prices from pegs and pools. Default none. */
  priceFeeds?: ReadonlyMap<number, readonly PriceFeedConfig[]>;
  /** Fallback poll of the indexed head, in case a pub/sub message is lost. Default 5000. */
  pollIntervalMs?: number;
  /** Events arriving within this window trigger one refresh. Default 200. */
  debounceMs?: number;
  /**
   * History backfill once started: on start and whenever the head enters a new hour, finished hour buckets without a
   * complete snapshot are rebuilt (see `createMarketBackfill`). Default enabled, 12 samples per bucket, 48 buckets a step.
   */
  history?: { enabled?: boolean; samplesPerBucket?: number; bucketsPerStep?: number };
}

/** A running market job. */
export interface MarketJob {
  start(): Promise<void>;
  /** Recomputes and stores a chain's market state now (waits for a refresh already running). */
  refresh(chainId: number): Promise<MarketState>;
  /** Rebuilds the chain's missing hourly/daily snapshots now (joins a backfill already running) and reports it. */
  backfill(chainId: number): Promise<BackfillReport>;
  stop(): Promise<void>;
}

function toRecords(state: MarketState, decimals: Map<string, number>): ChainMarketState {
  return {
    chainId: state.chainId,
    blockNumber: state.blockNumber,
    timestampSec: state.timestampSec,
    prices: state.prices.map((p) => ({
      chainId: p.chainId, address: p.address, symbol: p.symbol, decimals: decimals.get(p.address) ?? 0,
      priceUsd: p.priceUsd, confidence: p.confidence, source: p.priceUsd === null ? null : p.source,
      unpricedReason: p.priceUsd === null ? p.reason : null, blockNumber: p.priceUsd === null ? state.blockNumber : p.blockNumber,
    })),
    pools: state.pools,
    protocols: state.protocols,
  };
}

/**
 * Keeps `token_prices`, `pool_stats`, `protocol_stats` and the hourly snapshots current for each chain: it refreshes
 * on start, after each committed range (`events.<chainId>`, debounced) and on a poll of the indexed head, then
 * publishes `tokenPriceUpdated` / `protocolTvlUpdated` for values that changed. Refreshes of one chain never overlap.
 */
export function createMarketJob(options: MarketJobOptions): MarketJob {
  const { common, db, pubsub } = options;
  const log = common.logger.child({ component: 'market' });
  const repo = createMarketStateRepository(db);
  const pollIntervalMs = options.pollIntervalMs ?? 5000;
  const debounceMs = options.debounceMs ?? 200;
  const running = new Map<number, Promise<unknown>>();
  const dirty = new Set<number>();
  const lastBlock = new Map<number, number>();
  const lastPrices = new Map<string, string>();
  const lastTvl = new Map<string, number>();
  const lastChainTvl = new Map<number, string>();
  const timers = new Set<NodeJS.Timeout>();
  const iterators: AsyncIterableIterator<unknown>[] = [];
  let stopped = false;
  let started = false;
  const backfills = new Map<number, { backfill: MarketBackfill; run?: Promise<BackfillReport>; again: boolean }>();
  const headBuckets = new Map<number, number>();

  async function publishChanges(state: MarketState): Promise<void> {
    for (const p of state.prices) {
      const key = `${p.chainId}:${p.address}`;
      const signature = `${String(p.priceUsd)}:${p.confidence}`;
      if (lastPrices.get(key) === signature) continue;
      lastPrices.set(key, signature);
      const event: TokenPriceEvent = { chainId: p.chainId, address: p.address, symbol: p.symbol, priceUsd: p.priceUsd, confidence: p.confidence, blockNumber: state.blockNumber };
      await pubsub.publish(topics.tokenPriceUpdated(p.chainId), event);
    }
    for (const p of state.protocols) {
      const key = `${p.slug}:${p.chainId}`;
      if (lastTvl.get(key) === p.tvlUsd) continue;
      lastTvl.set(key, p.tvlUsd);
      const event: ProtocolTvlEvent = { slug: p.slug, chainId: p.chainId, tvlUsd: p.tvlUsd, borrowedUsd: p.borrowedUsd, blockNumber: p.blockNumber };
      await pubsub.publish(topics.protocolTvlUpdated(), event);
    }
    const tvlUsd = state.protocols.reduce((sum, p) => sum + p.tvlUsd, 0);
    const borrowedUsd = state.protocols.reduce((sum, p) => sum + p.borrowedUsd, 0);
    if (lastChainTvl.get(state.chainId) !== `${tvlUsd}:${borrowedUsd}`) {
      lastChainTvl.set(state.chainId, `${tvlUsd}:${borrowedUsd}`);
      const event: ChainTvlEvent = { chainId: state.chainId, tvlUsd, borrowedUsd, blockNumber: state.blockNumber, timestampSec: state.timestampSec };
      await pubsub.publish(topics.chainTvlUpdated(), event);
    }
  }

  async function compute(chainId: number): Promise<MarketState> {
    const inputs = await loadMarketInputs(db, chainId, { priceFeeds: options.priceFeeds?.get(chainId) });
    const state = computeMarketState(inputs);
    await repo.replaceChainState(toRecords(state, new Map(inputs.tokens.map((t) => [t.address, t.decimals]))));
    lastBlock.set(chainId, state.blockNumber);
    const headBucket = Math.floor(state.timestampSec / SNAPSHOT_BUCKET_SEC);
    if (started && headBuckets.get(chainId) !== headBucket) void backfill(chainId).catch((error: unknown) => log.error({ err: error, chainId }, 'market history backfill failed'));
    headBuckets.set(chainId, headBucket);
    const updated: MarketUpdatedEvent = { chainId, blockNumber: state.blockNumber };
    await pubsub.publish(topics.marketUpdated(), updated);
    await publishChanges(state);
    log.debug({ chainId, block: state.blockNumber, pools: state.pools.length }, 'market state stored');
    return state;
  }

  /** Runs `task` after the chain's queued work (refreshes, backfill buckets): one at a time per chain. */
  function exclusive<T>(chainId: number, task: () => Promise<T>): Promise<T> {
    const current = running.get(chainId);
    const run = (current ?? Promise.resolve()).catch(() => undefined).then(task);
    const tracked = run.finally(() => {
      if (running.get(chainId) === tracked) running.delete(chainId);
    });
    running.set(chainId, tracked);
    return tracked;
  }

  function refresh(chainId: number): Promise<MarketState> {
    return exclusive(chainId, () => compute(chainId));
  }

  /** One backfill loop per chain; a request while it runs makes it look for gaps once more before it ends. */
  function backfill(chainId: number): Promise<BackfillReport> {
    let entry = backfills.get(chainId);
    if (!entry) {
      const created = createMarketBackfill({
        db, repo, log, chainId, priceFeeds: options.priceFeeds?.get(chainId), exclusive: (task) => exclusive(chainId, task), isStopped: () => stopped,
        samplesPerBucket: options.history?.samplesPerBucket, bucketsPerStep: options.history?.bucketsPerStep,
      });
      entry = { backfill: created, again: false };
      backfills.set(chainId, entry);
    }
    const current = entry;
    if (current.run) {
      current.again = true;
      return current.run;
    }
    const loop = async (): Promise<BackfillReport> => {
      const total: BackfillReport = { chainId, buckets: 0, elapsedMs: 0 };
      do {
        current.again = false;
        const report = await current.backfill.run();
        total.buckets += report.buckets;
        total.elapsedMs += report.elapsedMs;
      } while (current.again && !stopped);
      return total;
    };
    current.run = loop().finally(() => {
      current.run = undefined;
    });
    return current.run;
  }

  function schedule(chainId: number): void {
    if (stopped || dirty.has(chainId)) return;
    dirty.add(chainId);
    const timer = setTimeout(() => {
      timers.delete(timer);
      dirty.delete(chainId);
      if (!stopped) refresh(chainId).catch((error: unknown) => log.error({ err: error, chainId }, 'market refresh failed'));
    }, debounceMs);
    timers.add(timer);
  }

  async function poll(): Promise<void> {
    for (const chainId of options.chainIds) {
      const rows = (await db.dataSource.query('SELECT indexed_block FROM chains WHERE chain_id = $1', [chainId])) as { indexed_block: string | number | null }[];
      const indexed = Number(rows[0]?.indexed_block ?? 0);
      if (indexed !== lastBlock.get(chainId)) schedule(chainId);
    }
  }

  async function follow(chainId: number): Promise<void> {
    const iterator = pubsub.subscribe<unknown>(topics.events(chainId));
    iterators.push(iterator);
    for await (const _event of iterator) schedule(chainId);
  }

  return {
    async start() {
      started = options.history?.enabled ?? true;
      for (const chainId of options.chainIds) {
        void follow(chainId).catch((error: unknown) => log.error({ err: error, chainId }, 'market subscription ended'));
        await refresh(chainId).catch((error: unknown) => log.error({ err: error, chainId }, 'initial market refresh failed'));
      }
      const interval = setInterval(() => void poll().catch((error: unknown) => log.warn({ err: error }, 'market poll failed')), pollIntervalMs);
      timers.add(interval);
    },
    refresh,
    backfill,
    async stop() {
      stopped = true;
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      for (const iterator of iterators.splice(0)) await iterator.return?.();
      await Promise.allSettled([...running.values(), ...[...backfills.values()].map((entry) => entry.run)]);
    },
  };
}
