import { setImmediate as yieldToLoop } from 'node:timers/promises';
import { pickSampleBlocks } from '../../analytics/pickSampleBlocks.js';
import type { Logger } from '../../common/logger.js';
import type { PriceFeedConfig } from '../../config/chainsFile.js';
import type { Database } from '../../datasources/db/createDatabase.js';
import { SNAPSHOT_BUCKET_SEC, type CandleRecord, type HistoryBucketRecord, type MarketStateRepository } from '../../datasources/db/repositories/marketStateRepository.js';
import { computeMarketState, type MarketState } from './computeMarketState.js';
import { loadMarketInputs } from './loadMarketInputs.js';

/** Options of {@link createMarketBackfill}. */
export interface MarketBackfillOptions {
  db: Database;
  repo: MarketStateRepository;
  log: Logger;
  chainId: number;
  /** The chain's USD price feeds, as the live refresh gets them. Default none. */
  priceFeeds?: readonly PriceFeedConfig[];
  /** Runs one bucket's work so that it never overlaps the chain's live refreshes (they run between buckets). */
  exclusive: <T>(task: () => Promise<T>) => Promise<T>;
  /** True once the job is stopping: the backfill ends after the bucket in hand. */
  isStopped: () => boolean;
  /** Blocks sampled per hour for the candles (first and last included). Default 12. */
  samplesPerBucket?: number;
  /** Buckets filled before the gaps are looked up again. Default 48. */
  bucketsPerStep?: number;
  /** Progress is logged at most this often. Default 5000. */
  progressIntervalMs?: number;
}

/** What one backfill run did. */
export interface BackfillReport {
  chainId: number;
  /** Hour buckets computed and written (empty ones, before any pool existed, included). */
  buckets: number;
  elapsedMs: number;
}

/** A finished hour bucket without a complete snapshot. */
interface Gap {
  bucketStartSec: number;
  /** The bucket's last indexed block, and the one before the bucket (-1 before the first). */
  lastBlock: number;
  previousLastBlock: number;
}

type Row = Record<string, string | number | null>;

/** Candles of the tokens priced at the bucket's close, from the prices at its sampled blocks (in block order). */
function buildBucketCandles(samples: readonly MarketState[]): CandleRecord[] {
  const close = samples[samples.length - 1];
  if (!close) return [];
  const candles: CandleRecord[] = [];
  for (const price of close.prices) {
    if (price.priceUsd === null) continue;
    const series = samples.flatMap((state) => {
      const p = state.prices.find((candidate) => candidate.address === price.address)?.priceUsd;
      return p === null || p === undefined ? [] : [p];
    });
    const openUsd = series[0] ?? price.priceUsd;
    candles.push({
      address: price.address, openUsd, closeUsd: price.priceUsd,
      highUsd: series.reduce((max, p) => Math.max(max, p), openUsd), lowUsd: series.reduce((min, p) => Math.min(min, p), openUsd),
    });
  }
  return candles;
}

/**
 * Rebuilds hourly (and with them daily) snapshots over already indexed blocks: each finished hour bucket (chain time)
 * from the chain's first indexed block to the hour before its head that has no snapshot, or one computed before the
 * bucket's last block, is recomputed **at** that block (`loadMarketInputs({ atBlock })`); its candle samples up to
 * `samplesPerBucket` blocks. Oldest first; each bucket runs through `exclusive` and yields to the event loop, so live
 * refreshes interleave. Resumable: what is done is read back from `tvl_snapshots.block_number`.
 */
export function createMarketBackfill(options: MarketBackfillOptions) {
  const { db, repo, log, chainId } = options;
  const samplesPerBucket = options.samplesPerBucket ?? 12;
  const bucketsPerStep = options.bucketsPerStep ?? 48;
  const progressIntervalMs = options.progressIntervalMs ?? 5000;
  // Buckets below `watermark` were all found complete. Buckets this run filled are remembered (bucket -> block):
  // one whose state had nothing to store, or no protocol to mark it in `tvl_snapshots`, would look undone forever.
  let watermark = { bucketStartSec: 0, lastBlock: -1 };
  const filled = new Map<number, number>();

  async function findGaps(): Promise<Gap[]> {
    const head = (await db.dataSource.query('SELECT timestamp_sec FROM blocks WHERE chain_id = $1 ORDER BY number DESC LIMIT 1', [chainId])) as Row[];
    if (head.length === 0) return [];
    const headBucket = Math.floor(Number(head[0]?.timestamp_sec) / SNAPSHOT_BUCKET_SEC) * SNAPSHOT_BUCKET_SEC;
    const lastBlocks = (await db.dataSource.query(
      `SELECT (timestamp_sec / ${SNAPSHOT_BUCKET_SEC}) * ${SNAPSHOT_BUCKET_SEC} AS bucket, max(number) AS last_block FROM blocks
        WHERE chain_id = $1 AND timestamp_sec >= $2 AND timestamp_sec < $3 GROUP BY 1 ORDER BY 1`,
      [chainId, watermark.bucketStartSec, headBucket],
    )) as Row[];
    const stored = (await db.dataSource.query(
      `SELECT bucket_start_sec AS bucket, min(COALESCE(block_number, -1)) AS block FROM tvl_snapshots
        WHERE chain_id = $1 AND bucket_start_sec >= $2 AND bucket_start_sec < $3 GROUP BY 1`,
      [chainId, watermark.bucketStartSec, headBucket],
    )) as Row[];
    const done = new Map(stored.map((row) => [Number(row.bucket), Number(row.block)]));
    const lastBlockOf = new Map(lastBlocks.map((row) => [Number(row.bucket), Number(row.last_block)]));
    const first = watermark.lastBlock >= 0 ? watermark.bucketStartSec : Number(lastBlocks[0]?.bucket ?? headBucket);
    const gaps: Gap[] = [];
    let previousLastBlock = watermark.lastBlock;
    let complete = true;
    for (let bucket = first; bucket < headBucket; bucket += SNAPSHOT_BUCKET_SEC) {
      // An hour without a stored block has the state of the last block before it (nothing happened in between).
      const lastBlock = lastBlockOf.get(bucket) ?? previousLastBlock;
      const isDone = (done.get(bucket) ?? -1) >= lastBlock || filled.get(bucket) === lastBlock;
      if (!isDone) gaps.push({ bucketStartSec: bucket, lastBlock, previousLastBlock });
      complete &&= isDone;
      if (complete) watermark = { bucketStartSec: bucket + SNAPSHOT_BUCKET_SEC, lastBlock };
      previousLastBlock = lastBlock;
    }
    return gaps;
  }

  async function fillBucket(gap: Gap): Promise<void> {
    const rows = (await db.dataSource.query(
      'SELECT number FROM blocks WHERE chain_id = $1 AND number > $2 AND number <= $3 ORDER BY number',
      [chainId, gap.previousLastBlock, gap.lastBlock],
    )) as Row[];
    const sampled = pickSampleBlocks(rows.map((row) => Number(row.number)), samplesPerBucket);
    const blocks = sampled.length === 0 ? [gap.lastBlock] : sampled;
    // The samples' reads are independent: issue them together (the pool bounds the concurrency).
    const states = await Promise.all(blocks.map(async (block) => computeMarketState(await loadMarketInputs(db, chainId, { atBlock: block, volume: false, priceFeeds: options.priceFeeds }))));
    const close = states[states.length - 1];
    const record: HistoryBucketRecord = {
      chainId, bucketStartSec: gap.bucketStartSec, blockNumber: gap.lastBlock,
      protocols: (close?.protocols ?? []).map((p) => ({ slug: p.slug, tvlUsd: p.tvlUsd, borrowedUsd: p.borrowedUsd })),
      candles: buildBucketCandles(states),
    };
    if (record.protocols.length > 0 || record.candles.length > 0) await repo.writeHistoryBucket(record);
    filled.set(gap.bucketStartSec, gap.lastBlock);
  }

  return {
    /** Fills every gap, oldest first, until none is left or the job stops. */
    async run(): Promise<BackfillReport> {
      const startedAt = Date.now();
      let buckets = 0;
      let loggedAt = startedAt;
      for (;;) {
        if (options.isStopped()) break;
        const gaps = await findGaps();
        if (gaps.length === 0) break;
        if (buckets === 0) log.info({ chainId, gaps: gaps.length, from: new Date(gaps[0]!.bucketStartSec * 1000).toISOString() }, 'market history backfill started');
        for (const gap of gaps.slice(0, bucketsPerStep)) {
          if (options.isStopped()) break;
          await options.exclusive(() => fillBucket(gap));
          buckets += 1;
          if (Date.now() - loggedAt >= progressIntervalMs) {
            loggedAt = Date.now();
            log.info({ chainId, buckets, remaining: gaps.length - gaps.indexOf(gap) - 1, bucketsPerSec: (buckets * 1000) / (loggedAt - startedAt) }, 'market history backfill progress');
          }
          await yieldToLoop();
        }
      }
      const elapsedMs = Date.now() - startedAt;
      if (buckets > 0) log.info({ chainId, buckets, elapsedMs, bucketsPerSec: (buckets * 1000) / Math.max(1, elapsedMs) }, 'market history backfill done');
      return { chainId, buckets, elapsedMs };
    },
  };
}

/** A chain's history backfill. */
export type MarketBackfill = ReturnType<typeof createMarketBackfill>;
