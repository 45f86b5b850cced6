import type { EntityManager } from 'typeorm';
import type { Database } from '../createDatabase.js';
import type { VolumeWindows } from '../../../analytics/computeVolume.js';

/** A current token price row; `priceUsd` null means "no trustworthy price" (see src/analytics/README.md). */
export interface TokenPriceRecord {
  chainId: number;
  address: string;
  symbol: string;
  decimals: number;
  priceUsd: number | null;
  confidence: number;
  source: 'oracle' | 'pool' | 'peg' | null;
  unpricedReason: string | null;
  blockNumber: number;
}


/** A pool's current reserves (raw balances), TVL and 24h/7d/30d volume and fees. */
export interface PoolStatRecord extends VolumeWindows {
  chainId: number;
  address: string;
  protocol: string;
  token0: string;
  token1: string;
  reserve0: bigint;
  reserve1: bigint;
  tvlUsd: number;
  blockNumber: number;
}

/** A protocol's current totals on one chain. */
export interface ProtocolStatRecord extends VolumeWindows {
  slug: string;
  chainId: number;
  tvlUsd: number;
  borrowedUsd: number;
  blockNumber: number;
}

/** One chain's full market state, replaced atomically. */
export interface ChainMarketState {
  chainId: number;
  /** The block the state was computed at (stored on the snapshots). */
  blockNumber: number;
  /** Chain time of the newest indexed block: snapshots go to its hour bucket. */
  timestampSec: number;
  prices: TokenPriceRecord[];
  pools: PoolStatRecord[];
  protocols: ProtocolStatRecord[];
}

/** One token's OHLC over an hour bucket, USD. */
export interface CandleRecord {
  address: string;
  openUsd: number;
  highUsd: number;
  lowUsd: number;
  closeUsd: number;
}

/** A finished hour bucket rebuilt from history: the state at its last indexed block, candles from sampled blocks. */
export interface HistoryBucketRecord {
  chainId: number;
  bucketStartSec: number;
  /** The bucket's last indexed block (the state's block). */
  blockNumber: number;
  protocols: { slug: string; tvlUsd: number; borrowedUsd: number }[];
  candles: CandleRecord[];
}

/** Seconds in a snapshot bucket (hourly). */
export const SNAPSHOT_BUCKET_SEC = 3600;
/** Seconds in a daily snapshot bucket (00:00 UTC). */
export const DAILY_BUCKET_SEC = 86_400;
const MAX_ROWS_PER_INSERT = 500;
/** First key of the per-chain advisory lock (`'mkt'`), apart from the leader locks' keys. */
const MARKET_LOCK_NAMESPACE = 0x6d6b74;

async function insertRows(manager: EntityManager, table: string, columns: string[], rows: unknown[][], conflict: string): Promise<void> {
  for (let start = 0; start < rows.length; start += MAX_ROWS_PER_INSERT) {
    const chunk = rows.slice(start, start + MAX_ROWS_PER_INSERT);
    const parameters: unknown[] = [];
    const tuples = chunk.map((row) => `(${row.map((value) => {
      parameters.push(value);
      return `$${parameters.length}`;
    }).join(', ')})`);
    await manager.query(`INSERT INTO ${table} (${columns.join(', ')}) VALUES ${tuples.join(', ')} ${conflict}`, parameters);
  }
}

const WINDOW_COLUMNS = ['volume_usd_24h', 'volume_usd_7d', 'volume_usd_30d', 'fees_usd_24h', 'fees_usd_7d', 'fees_usd_30d'];
const windowValues = (w: VolumeWindows): number[] => [w.volumeUsd24h, w.volumeUsd7d, w.volumeUsd30d, w.feesUsd24h, w.feesUsd7d, w.feesUsd30d];

/**
 * Rebuilds the daily rows of the day holding `hourBucketSec` from its hourly rows: TVL = the day's last hourly
 * snapshot per protocol; price = OHLC of the day's hourly candles (open of the first, extremes, close of the last).
 * Prices are rolled up for `addresses` only (looked up by primary key, one index range per token).
 */
async function rollUpDay(manager: EntityManager, chainId: number, hourBucketSec: number, addresses: string[]): Promise<void> {
  const day = Math.floor(hourBucketSec / DAILY_BUCKET_SEC) * DAILY_BUCKET_SEC;
  await manager.query(
    `INSERT INTO tvl_snapshots_daily (slug, chain_id, bucket_start_sec, tvl_usd, borrowed_usd, block_number)
     SELECT DISTINCT ON (slug) slug, chain_id, $2::bigint, tvl_usd, borrowed_usd, block_number FROM tvl_snapshots
      WHERE chain_id = $1 AND bucket_start_sec >= $2 AND bucket_start_sec < $2::bigint + ${DAILY_BUCKET_SEC} ORDER BY slug, bucket_start_sec DESC
     ON CONFLICT (slug, chain_id, bucket_start_sec) DO UPDATE SET tvl_usd = EXCLUDED.tvl_usd, borrowed_usd = EXCLUDED.borrowed_usd,
        block_number = EXCLUDED.block_number`,
    [chainId, day],
  );
  if (addresses.length === 0) return;
  await manager.query(
    `INSERT INTO price_snapshots_daily (chain_id, address, bucket_start_sec, open_usd, high_usd, low_usd, price_usd, block_number)
     SELECT chain_id, address, $2::bigint, (array_agg(open_usd ORDER BY bucket_start_sec))[1], max(high_usd), min(low_usd),
            (array_agg(price_usd ORDER BY bucket_start_sec DESC))[1], (array_agg(block_number ORDER BY bucket_start_sec DESC))[1]
       FROM price_snapshots
      WHERE chain_id = $1 AND address = ANY($3::text[]) AND bucket_start_sec >= $2 AND bucket_start_sec < $2::bigint + ${DAILY_BUCKET_SEC}
      GROUP BY chain_id, address
     ON CONFLICT (chain_id, address, bucket_start_sec) DO UPDATE SET open_usd = EXCLUDED.open_usd, high_usd = EXCLUDED.high_usd,
        low_usd = EXCLUDED.low_usd, price_usd = EXCLUDED.price_usd, block_number = EXCLUDED.block_number`,
    [chainId, day, addresses],
  );
}

/** Writes the market job's output: current rows per chain, hourly and daily snapshots, and rebuilt history buckets. */
export function createMarketStateRepository(db: Database) {
  return {
    /**
     * Replaces a chain's token prices, pool stats and protocol stats in one transaction, and upserts the hour's
     * snapshot of every protocol's TVL and every priced token's price (the last write in an hour wins). Writers of
     * one chain are serialised by a transaction-scoped advisory lock, so several workers may run the market job.
     */
    async replaceChainState(state: ChainMarketState): Promise<void> {
      const bucket = Math.floor(state.timestampSec / SNAPSHOT_BUCKET_SEC) * SNAPSHOT_BUCKET_SEC;
      await db.transaction(async (manager) => {
        // Two workers refreshing one chain would both delete, then collide on insert: serialise them per chain.
        await manager.query('SELECT pg_advisory_xact_lock($1, $2)', [MARKET_LOCK_NAMESPACE, state.chainId]);
        for (const table of ['token_prices', 'pool_stats', 'protocol_stats']) await manager.query(`DELETE FROM ${table} WHERE chain_id = $1`, [state.chainId]);
        await insertRows(manager, 'token_prices',
          ['chain_id', 'address', 'symbol', 'decimals', 'price_usd', 'confidence', 'source', 'unpriced_reason', 'block_number'],
          state.prices.map((p) => [p.chainId, p.address, p.symbol, p.decimals, p.priceUsd, p.confidence, p.source, p.unpricedReason, p.blockNumber]), '');
        await insertRows(manager, 'pool_stats',
          ['chain_id', 'address', 'protocol', 'token0', 'token1', 'reserve0', 'reserve1', 'tvl_usd', ...WINDOW_COLUMNS, 'block_number'],
          state.pools.map((p) => [p.chainId, p.address, p.protocol, p.token0, p.token1, p.reserve0.toString(), p.reserve1.toString(), p.tvlUsd, ...windowValues(p), p.blockNumber]), '');
        await insertRows(manager, 'protocol_stats',
          ['slug', 'chain_id', 'tvl_usd', 'borrowed_usd', ...WINDOW_COLUMNS, 'block_number'],
          state.protocols.map((p) => [p.slug, p.chainId, p.tvlUsd, p.borrowedUsd, ...windowValues(p), p.blockNumber]), '');
        await insertRows(manager, 'tvl_snapshots', ['slug', 'chain_id', 'bucket_start_sec', 'tvl_usd', 'borrowed_usd', 'block_number'],
          state.protocols.map((p) => [p.slug, p.chainId, bucket, p.tvlUsd, p.borrowedUsd, state.blockNumber]),
          `ON CONFLICT (slug, chain_id, bucket_start_sec) DO UPDATE SET tvl_usd = EXCLUDED.tvl_usd, borrowed_usd = EXCLUDED.borrowed_usd,
             block_number = EXCLUDED.block_number`);
        // An hourly OHLC candle: the first price seen in the hour opens it, every refresh widens high/low and closes it.
        const priced = state.prices.filter((p) => p.priceUsd !== null);
        await insertRows(manager, 'price_snapshots', ['chain_id', 'address', 'bucket_start_sec', 'open_usd', 'high_usd', 'low_usd', 'price_usd', 'block_number'],
          priced.map((p) => [p.chainId, p.address, bucket, p.priceUsd, p.priceUsd, p.priceUsd, p.priceUsd, state.blockNumber]),
          `ON CONFLICT (chain_id, address, bucket_start_sec) DO UPDATE SET price_usd = EXCLUDED.price_usd, block_number = EXCLUDED.block_number,
             high_usd = GREATEST(price_snapshots.high_usd, EXCLUDED.high_usd), low_usd = LEAST(price_snapshots.low_usd, EXCLUDED.low_usd)`);
        await rollUpDay(manager, state.chainId, bucket, priced.map((p) => p.address));
      });
    },

    /**
     * Writes one finished hour bucket rebuilt from history (never the live tables): its TVL snapshots and candles
     * (replacing what a live refresh left there, except that high/low keep anything wider it saw), then the day's
     * rows again. Serialised with {@link replaceChainState} by the same per-chain lock.
     */
    async writeHistoryBucket(record: HistoryBucketRecord): Promise<void> {
      const { chainId, bucketStartSec: bucket, blockNumber } = record;
      await db.transaction(async (manager) => {
        await manager.query('SELECT pg_advisory_xact_lock($1, $2)', [MARKET_LOCK_NAMESPACE, chainId]);
        await insertRows(manager, 'tvl_snapshots', ['slug', 'chain_id', 'bucket_start_sec', 'tvl_usd', 'borrowed_usd', 'block_number'],
          record.protocols.map((p) => [p.slug, chainId, bucket, p.tvlUsd, p.borrowedUsd, blockNumber]),
          `ON CONFLICT (slug, chain_id, bucket_start_sec) DO UPDATE SET tvl_usd = EXCLUDED.tvl_usd, borrowed_usd = EXCLUDED.borrowed_usd,
             block_number = EXCLUDED.block_number`);
        await insertRows(manager, 'price_snapshots', ['chain_id', 'address', 'bucket_start_sec', 'open_usd', 'high_usd', 'low_usd', 'price_usd', 'block_number'],
          record.candles.map((c) => [chainId, c.address, bucket, c.openUsd, c.highUsd, c.lowUsd, c.closeUsd, blockNumber]),
          `ON CONFLICT (chain_id, address, bucket_start_sec) DO UPDATE SET open_usd = EXCLUDED.open_usd, price_usd = EXCLUDED.price_usd,
             block_number = EXCLUDED.block_number,
             high_usd = GREATEST(price_snapshots.high_usd, EXCLUDED.high_usd), low_usd = LEAST(price_snapshots.low_usd, EXCLUDED.low_usd)`);
        await rollUpDay(manager, chainId, bucket, record.candles.map((c) => c.address));
      });
    },
  };
}

/** The market state writer's interface. */
export type MarketStateRepository = ReturnType<typeof createMarketStateRepository>;
