import { buildSnapshotSeries } from '../../../analytics/buildSnapshotSeries.js';
import type { ValuePoint } from '../../../analytics/getPercentChanges.js';
import { priceAtLateral, reservesAtLateral } from './marketAtBlockSql.js';

export type Raw = Record<string, unknown>;
export const num = (value: unknown): number => Number(value ?? 0);
const numOrNull = (value: unknown): number | null => (value === null || value === undefined ? null : Number(value));

/** Which snapshot table a read uses: the hourly one or the daily one (00:00 UTC buckets). */
export type SnapshotInterval = 'hour' | 'day';
const BUCKET_SEC: Record<SnapshotInterval, number> = { hour: 3600, day: 86_400 };
const TVL_TABLE: Record<SnapshotInterval, string> = { hour: 'tvl_snapshots', day: 'tvl_snapshots_daily' };
const PRICE_TABLE: Record<SnapshotInterval, string> = { hour: 'price_snapshots', day: 'price_snapshots_daily' };

type Query = (sql: string, parameters: unknown[]) => Promise<Raw[]>;

/** One OHLC candle of a token (USD); `close` is the stored `price_usd`. */
export interface CandleRow {
  chainId: number;
  address: string;
  timestampSec: number;
  open: number;
  high: number;
  low: number;
  close: number;
}

/** A chain's indexed head and the stored block a point-in-time request resolves to (null when none is stored). */
export interface BlockPointRow {
  indexedBlock: number | null;
  /** Timestamp of the newest stored block at or below the indexed head. */
  headTimestampSec: number | null;
  /** Number and timestamp of the newest stored block at or before the requested number / time. */
  number: number | null;
  timestampSec: number | null;
}

/** A token's price as of a block: the latest hourly snapshot at or before it (null price without one). */
export interface TokenPriceAtRow {
  symbol: string | null;
  decimals: number | null;
  priceUsd: number | null;
  /** Block the snapshot was computed at (null for snapshots written before blocks were recorded). */
  blockNumber: number | null;
  bucketStartSec: number | null;
}

/** Key of {@link MarketHistoryReads.getTokenPricesAt}. */
export interface TokenAtKey {
  chainId: number;
  address: string;
  number: number;
  timestampSec: number;
}

/** A protocol's TVL snapshot on one chain as of a point in time. */
export interface ProtocolTvlAtRow {
  chainId: number;
  tvlUsd: number;
  borrowedUsd: number;
  bucketStartSec: number;
  blockNumber: number | null;
}

/** Totals of every protocol on every chain. */
export interface OverviewRow {
  tvlUsd: number;
  borrowedUsd: number;
  volumeUsd24h: number;
  volumeUsd7d: number;
  feesUsd24h: number;
}

/**
 * Rebuilds a summed series from per-bucket changes of the total (each group's value minus its previous one): the
 * running sum is the total at every bucket where some group changed, carried over the others by `buildSnapshotSeries`.
 */
function sumDeltas(rows: Raw[], interval: SnapshotInterval, fromSec: number | null, toSec: number): ValuePoint[] {
  if (rows.length === 0) return [];
  let total = 0;
  const points = rows.map((r) => {
    total += num(r.delta);
    return { timestampSec: num(r.bucket_start_sec), value: total };
  });
  return buildSnapshotSeries({ points, interval, fromSec: fromSec ?? points[0]!.timestampSec, toSec });
}

/**
 * Summed TVL per series and bucket of `table`, each (protocol, chain) carried over its own gaps before summing.
 * `scope.where` picks the (protocol, chain) rows (`$1` is its parameter), `scope.series` groups them into series
 * (`slug`, `chain_id`, or a constant for one total). Buckets in `[$2, $3]` (`$3` null: no upper bound); each
 * (protocol, chain)'s value before the range comes from one primary-key lookup per pair listed in `protocol_stats` or
 * present in the range. Rows (`series`, `bucket_start_sec`, `tvl`): one per series and bucket where some member has a
 * snapshot, every member counted at its last value at or before it, plus the series' last bucket before the range
 * (every value carried into it). Exact sums of stored values, not running deltas.
 */
function carriedTvlSql(table: string, scope: { where: string; series: string }): string {
  // `points` compares slugs in byte order (COLLATE "C"): the grid's joins and windows sort by them, and locale-aware
  // comparison doubled the cost. The lookups before the range keep the column's collation (the primary key's).
  return `WITH in_range AS (SELECT ${scope.series} AS series, slug, chain_id, bucket_start_sec, tvl_usd FROM ${table}
                            WHERE ${scope.where} AND bucket_start_sec >= $2 AND ($3::bigint IS NULL OR bucket_start_sec <= $3)),
       groups AS (SELECT ${scope.series} AS series, slug, chain_id FROM protocol_stats WHERE ${scope.where} UNION SELECT series, slug, chain_id FROM in_range),
       points AS (SELECT series, slug COLLATE "C" AS slug, chain_id, bucket_start_sec, tvl_usd FROM in_range
                  UNION ALL
                  SELECT g.series, g.slug COLLATE "C", g.chain_id, b.bucket_start_sec, b.tvl_usd FROM groups g
                    JOIN LATERAL (SELECT bucket_start_sec, tvl_usd FROM ${table} p WHERE p.slug = g.slug AND p.chain_id = g.chain_id
                                   AND p.bucket_start_sec < $2 ORDER BY p.bucket_start_sec DESC LIMIT 1) b ON true),
       grid AS (SELECT b.series, c.slug, c.chain_id, b.bucket_start_sec, p.tvl_usd,
                       count(p.tvl_usd) OVER (PARTITION BY b.series, c.slug, c.chain_id ORDER BY b.bucket_start_sec) AS run
                  FROM (SELECT DISTINCT series, bucket_start_sec FROM points) b
                  JOIN (SELECT DISTINCT series, slug, chain_id FROM points) c ON c.series = b.series
                  LEFT JOIN points p ON p.slug = c.slug AND p.chain_id = c.chain_id AND p.bucket_start_sec = b.bucket_start_sec),
       totals AS (SELECT series, bucket_start_sec, SUM(tvl_usd) AS tvl, lead(bucket_start_sec) OVER (PARTITION BY series ORDER BY bucket_start_sec) AS next_sec
                    FROM (SELECT series, bucket_start_sec, first_value(tvl_usd) OVER (PARTITION BY series, slug, chain_id, run ORDER BY bucket_start_sec) AS tvl_usd
                            FROM grid) carried
                   GROUP BY series, bucket_start_sec)
  SELECT series, bucket_start_sec, tvl FROM totals WHERE bucket_start_sec >= $2 OR next_sec IS NULL OR next_sec >= $2 ORDER BY series, bucket_start_sec`;
}
/** Series of {@link carriedTvlSql}: per protocol of `$1`, per chain of `$1`, or all registered chains together (`$1` null). */
const BY_PROTOCOL = { where: 'slug = ANY($1)', series: 'slug COLLATE "C"' };
const BY_CHAIN = { where: 'chain_id = ANY($1)', series: 'chain_id' };
const ALL_CHAINS = { where: '$1::int IS NULL AND chain_id IN (SELECT chain_id FROM chains)', series: '0' };

/** History and point-in-time reads of the market tables (part of the market repository). */
export function createMarketHistoryReads(query: Query) {
  return {
    /**
     * TVL of a protocol per bucket (hourly table, or the daily one for `day`) in `[fromSec, toSec]` and the last bucket
     * before it, ascending: the sum over its chains, each chain carried over its own gaps (a chain that stopped
     * writing still counts at its last value). One statement.
     */
    async getTvlSnapshots(slug: string, fromSec: number, toSec: number, interval: SnapshotInterval = 'hour'): Promise<ValuePoint[]> {
      const rows = await query(carriedTvlSql(TVL_TABLE[interval], BY_PROTOCOL), [[slug], fromSec, toSec]);
      return rows.map((r) => ({ timestampSec: num(r.bucket_start_sec), value: num(r.tvl) }));
    },

    /**
     * Hourly TVL of many protocols since `sinceSec` (and the last bucket before it), ascending, each summed over its
     * chains with every chain carried over its own gaps, as {@link getTvlSnapshots}. One statement.
     */
    async getTvlSnapshotsSince(slugs: readonly string[], sinceSec: number): Promise<Map<string, ValuePoint[]>> {
      const rows = await query(carriedTvlSql(TVL_TABLE.hour, BY_PROTOCOL), [[...slugs], sinceSec, null]);
      const bySlug = new Map<string, ValuePoint[]>(slugs.map((slug) => [slug, []]));
      for (const r of rows) bySlug.get(String(r.series))?.push({ timestampSec: num(r.bucket_start_sec), value: num(r.tvl) });
      return bySlug;
    },

    /**
     * Daily TVL (`tvl_snapshots_daily`) of one protocol per chain, for every day from the chain's first stored day to
     * `toSec`'s day (or the protocol's last stored day, if later), carried over the chain's gaps; ascending by chain
     * and day. One statement.
     */
    async getDailyTvlByChain(slug: string, toSec: number): Promise<{ chainId: number; timestampSec: number; value: number }[]> {
      const rows = await query(
        `WITH stored AS (SELECT chain_id, bucket_start_sec, tvl_usd FROM tvl_snapshots_daily WHERE slug = $1),
              last_day AS (SELECT GREATEST($2::bigint, max(bucket_start_sec)) AS day FROM stored),
              grid AS (SELECT f.chain_id, d.day, s.tvl_usd, count(s.tvl_usd) OVER (PARTITION BY f.chain_id ORDER BY d.day) AS run
                         FROM (SELECT chain_id, min(bucket_start_sec) AS first_day FROM stored GROUP BY chain_id) f
                         CROSS JOIN last_day l CROSS JOIN LATERAL generate_series(f.first_day, l.day, ${BUCKET_SEC.day}) AS d(day)
                         LEFT JOIN stored s ON s.chain_id = f.chain_id AND s.bucket_start_sec = d.day)
         SELECT chain_id, day, first_value(tvl_usd) OVER (PARTITION BY chain_id, run ORDER BY day) AS tvl FROM grid ORDER BY chain_id, day`,
        [slug, Math.floor(toSec / BUCKET_SEC.day) * BUCKET_SEC.day],
      );
      return rows.map((r) => ({ chainId: num(r.chain_id), timestampSec: num(r.day), value: num(r.tvl) }));
    },

    /**
     * TVL of one chain (or of all chains when `chainId` is null) per bucket: the sum of every protocol's snapshot on
     * it, each carried over its own gaps. `fromSec` null starts at the first snapshot. One statement.
     */
    async getChainTvlSeries(chainId: number | null, interval: SnapshotInterval, fromSec: number | null, toSec: number): Promise<ValuePoint[]> {
      const table = TVL_TABLE[interval];
      // Per chain so the (chain_id, bucket_start_sec) index serves the range; the value before the range comes from
      // one primary-key lookup per (protocol, chain) still listed or present in the range. Postgres sums per-group
      // changes per bucket, so the answer is one row per bucket, not one per (protocol, chain, bucket).
      const chains = chainId === null ? '$1::int IS NULL AND chain_id IN (SELECT chain_id FROM chains)' : 'chain_id = $1::int';
      const rows = await query(
        `WITH in_range AS (SELECT slug, chain_id, bucket_start_sec, tvl_usd FROM ${table} WHERE ${chains} AND bucket_start_sec >= $2 AND bucket_start_sec <= $3),
              groups AS (SELECT slug, chain_id FROM protocol_stats WHERE ${chains} UNION SELECT slug, chain_id FROM in_range),
              points AS (SELECT slug, chain_id, bucket_start_sec, tvl_usd FROM in_range
                         UNION ALL
                         SELECT g.slug, g.chain_id, b.bucket_start_sec, b.tvl_usd FROM groups g
                           JOIN LATERAL (SELECT bucket_start_sec, tvl_usd FROM ${table} p WHERE p.slug = g.slug AND p.chain_id = g.chain_id
                                          AND p.bucket_start_sec < $2 ORDER BY p.bucket_start_sec DESC LIMIT 1) b ON true)
         SELECT bucket_start_sec, SUM(delta) AS delta
           FROM (SELECT bucket_start_sec, tvl_usd - COALESCE(lag(tvl_usd) OVER (PARTITION BY slug, chain_id ORDER BY bucket_start_sec), 0) AS delta FROM points) d
          GROUP BY bucket_start_sec ORDER BY bucket_start_sec`,
        [chainId, fromSec ?? 0, toSec],
      );
      return sumDeltas(rows, interval, fromSec, toSec);
    },

    /**
     * Hourly TVL per chain since `sinceSec` (and the last bucket before it), ascending: the sum of its protocols'
     * snapshots, each carried over its own gaps. One statement.
     */
    async getChainTvlSnapshotsSince(chainIds: readonly number[], sinceSec: number): Promise<Map<number, ValuePoint[]>> {
      const rows = await query(carriedTvlSql(TVL_TABLE.hour, BY_CHAIN), [[...chainIds], sinceSec, null]);
      const byChain = new Map<number, ValuePoint[]>(chainIds.map((id) => [id, []]));
      for (const r of rows) byChain.get(num(r.series))?.push({ timestampSec: num(r.bucket_start_sec), value: num(r.tvl) });
      return byChain;
    },

    /**
     * Hourly TVL of every registered chain together since `sinceSec` (and the last bucket before it), ascending: the
     * sum of every (protocol, chain) snapshot, each carried over its own gaps (a stalled chain does not dip it). One statement.
     */
    async getTotalTvlSnapshotsSince(sinceSec: number): Promise<ValuePoint[]> {
      const rows = await query(carriedTvlSql(TVL_TABLE.hour, ALL_CHAINS), [null, sinceSec, null]);
      return rows.map((r) => ({ timestampSec: num(r.bucket_start_sec), value: num(r.tvl) }));
    },

    /** Totals over every protocol and chain: one statement. */
    async getOverview(): Promise<OverviewRow> {
      const [r] = await query(
        `SELECT SUM(tvl_usd) AS tvl, SUM(borrowed_usd) AS borrowed, SUM(volume_usd_24h) AS v24, SUM(volume_usd_7d) AS v7, SUM(fees_usd_24h) AS f24
           FROM protocol_stats`,
        [],
      );
      return { tvlUsd: num(r?.tvl), borrowedUsd: num(r?.borrowed), volumeUsd24h: num(r?.v24), volumeUsd7d: num(r?.v7), feesUsd24h: num(r?.f24) };
    },

    /** OHLC candles of many tokens whose bucket starts in `[fromSec, toSec]` (bucket-aligned; `toSec` null: no upper bound), ascending; buckets without a snapshot are absent. One statement. */
    async getCandles(keys: readonly { chainId: number; address: string }[], interval: SnapshotInterval, fromSec: number, toSec: number | null): Promise<CandleRow[]> {
      if (keys.length === 0) return [];
      const rows = await query(
        `SELECT s.chain_id, s.address, s.bucket_start_sec, s.open_usd, s.high_usd, s.low_usd, s.price_usd FROM ${PRICE_TABLE[interval]} s
           JOIN unnest($1::int[], $2::text[]) AS k(chain_id, address) ON s.chain_id = k.chain_id AND s.address = k.address
          WHERE s.bucket_start_sec >= $3 AND ($4::bigint IS NULL OR s.bucket_start_sec <= $4) ORDER BY s.chain_id, s.address, s.bucket_start_sec`,
        [keys.map((k) => k.chainId), keys.map((k) => k.address), Math.floor(fromSec / BUCKET_SEC[interval]) * BUCKET_SEC[interval], toSec],
      );
      return rows.map((r) => ({
        chainId: num(r.chain_id), address: String(r.address), timestampSec: num(r.bucket_start_sec),
        open: num(r.open_usd), high: num(r.high_usd), low: num(r.low_usd), close: num(r.price_usd),
      }));
    },

    /**
     * For each coin and each sample time, the hourly price snapshot nearest to it within `widthSec` on either side
     * (the earlier one on a tie). Coins by index in the result; times without a snapshot are absent. One statement.
     */
    async getPricesNear(coins: readonly { chainId: number; address: string }[], timestampsSec: readonly number[], widthSec: number): Promise<{ coin: number; timestampSec: number; price: number }[]> {
      if (coins.length === 0 || timestampsSec.length === 0) return [];
      const rows = await query(
        `SELECT c.i, t.ts, p.bucket_start_sec, p.price_usd
           FROM unnest($1::int[], $2::int[], $3::text[]) AS c(i, chain_id, address) CROSS JOIN unnest($4::bigint[]) AS t(ts)
           JOIN LATERAL (
             (SELECT bucket_start_sec, price_usd FROM price_snapshots s WHERE s.chain_id = c.chain_id AND s.address = c.address
                 AND s.bucket_start_sec <= t.ts AND s.bucket_start_sec >= t.ts - $5 ORDER BY s.bucket_start_sec DESC LIMIT 1)
             UNION ALL
             (SELECT bucket_start_sec, price_usd FROM price_snapshots s WHERE s.chain_id = c.chain_id AND s.address = c.address
                 AND s.bucket_start_sec > t.ts AND s.bucket_start_sec <= t.ts + $5 ORDER BY s.bucket_start_sec ASC LIMIT 1)
           ) p ON true
          ORDER BY c.i, t.ts, abs(p.bucket_start_sec - t.ts), p.bucket_start_sec`,
        [coins.map((_, i) => i), coins.map((c) => c.chainId), coins.map((c) => c.address), [...timestampsSec], widthSec],
      );
      const nearest: { coin: number; timestampSec: number; price: number }[] = [];
      let previous = '';
      for (const r of rows) {
        const key = `${num(r.i)}:${num(r.ts)}`;
        if (key === previous) continue;
        previous = key;
        nearest.push({ coin: num(r.i), timestampSec: num(r.bucket_start_sec), price: num(r.price_usd) });
      }
      return nearest;
    },

    /**
     * Resolves a point-in-time request on a chain: its indexed head (and that head's time), and the newest stored
     * block at or before `at` (a number, or a unix time). Null when the chain is not registered. One statement; a time
     * walks the (chain_id, timestamp_sec, number) index (block times never decrease with the number).
     */
    async getBlockPoint(chainId: number, at: { number: number } | { timestampSec: number }): Promise<BlockPointRow | null> {
      const byNumber = 'number' in at;
      const rows = await query(
        `SELECT c.indexed_block, h.timestamp_sec AS head_ts, b.number, b.timestamp_sec FROM chains c
           LEFT JOIN LATERAL (SELECT timestamp_sec FROM blocks WHERE chain_id = c.chain_id AND number <= c.indexed_block ORDER BY number DESC LIMIT 1) h ON true
           LEFT JOIN LATERAL (SELECT number, timestamp_sec FROM blocks WHERE chain_id = c.chain_id AND number <= c.indexed_block
                               AND ${byNumber ? 'number <= $2 ORDER BY number DESC' : 'timestamp_sec <= $2 ORDER BY timestamp_sec DESC, number DESC'} LIMIT 1) b ON true
          WHERE c.chain_id = $1`,
        [chainId, byNumber ? at.number : at.timestampSec],
      );
      const r = rows[0];
      if (!r) return null;
      return { indexedBlock: numOrNull(r.indexed_block), headTimestampSec: numOrNull(r.head_ts), number: numOrNull(r.number), timestampSec: numOrNull(r.timestamp_sec) };
    },

    /**
     * Prices of many tokens, each as of its own point: the latest hourly snapshot whose bucket starts at or before
     * the point's time and that was not computed after its block. Results in key order. One statement.
     */
    async getTokenPricesAt(keys: readonly TokenAtKey[]): Promise<TokenPriceAtRow[]> {
      if (keys.length === 0) return [];
      const rows = await query(
        `SELECT k.i, t.symbol, t.decimals, s.price_usd, s.block_number, s.bucket_start_sec
           FROM unnest($1::int[], $2::int[], $3::text[], $4::bigint[], $5::bigint[]) AS k(i, chain_id, address, number, ts)
           LEFT JOIN tokens t ON t.chain_id = k.chain_id AND t.address = k.address
           LEFT JOIN LATERAL ${priceAtLateral('k.chain_id', 'k.address', 'k.number', 'k.ts')} s ON true
          ORDER BY k.i`,
        [keys.map((_, i) => i), keys.map((k) => k.chainId), keys.map((k) => k.address), keys.map((k) => k.number), keys.map((k) => k.timestampSec)],
      );
      return rows.map((r) => ({
        symbol: (r.symbol as string | null) ?? null, decimals: numOrNull(r.decimals), priceUsd: numOrNull(r.price_usd),
        blockNumber: numOrNull(r.block_number), bucketStartSec: numOrNull(r.bucket_start_sec),
      }));
    },

    /**
     * A protocol's TVL per chain as of a time: on each chain of `points`, the latest hourly snapshot whose bucket
     * starts at or before `timestampSec` and that was not computed after the chain's block at that time. One statement.
     */
    async getProtocolTvlAt(slug: string, points: readonly { chainId: number; number: number }[], timestampSec: number): Promise<ProtocolTvlAtRow[]> {
      const rows = await query(
        `SELECT c.chain_id, s.tvl_usd, s.borrowed_usd, s.bucket_start_sec, s.block_number
           FROM unnest($2::int[], $3::bigint[]) AS c(chain_id, block_number)
           JOIN LATERAL (SELECT tvl_usd, borrowed_usd, bucket_start_sec, block_number FROM tvl_snapshots s
                          WHERE s.slug = $1 AND s.chain_id = c.chain_id AND s.bucket_start_sec <= $4
                            AND (s.block_number IS NULL OR s.block_number <= c.block_number)
                          ORDER BY s.bucket_start_sec DESC LIMIT 1) s ON true
          ORDER BY c.chain_id`,
        [slug, points.map((p) => p.chainId), points.map((p) => p.number), timestampSec],
      );
      return rows.map((r) => ({
        chainId: num(r.chain_id), tvlUsd: num(r.tvl_usd), borrowedUsd: num(r.borrowed_usd), bucketStartSec: num(r.bucket_start_sec), blockNumber: numOrNull(r.block_number),
      }));
    },

    /** A pool's raw holdings as of a block (see `reservesAtLateral`); null when it had no state event by then. One statement. */
    async getPoolReservesAt(pool: { chainId: number; address: string; protocol: string; token0: string; token1: string }, blockNumber: number): Promise<{ reserve0: bigint; reserve1: bigint; blockNumber: number } | null> {
      const [r] = await query(
        `SELECT r.reserve0::text AS reserve0, r.reserve1::text AS reserve1, r.block_number
           FROM (SELECT $1::int AS chain_id, $2::text AS address, $3::text AS protocol, $4::text AS token0, $5::text AS token1) p
           JOIN LATERAL ${reservesAtLateral('p', '$6::bigint')} r ON true`,
        [pool.chainId, pool.address, pool.protocol, pool.token0, pool.token1, blockNumber],
      );
      if (!r || r.block_number === null || r.block_number === undefined) return null;
      return { reserve0: BigInt(String(r.reserve0)), reserve1: BigInt(String(r.reserve1)), blockNumber: num(r.block_number) };
    },
  };
}

/** The history and point-in-time half of the market repository. */
export type MarketHistoryReads = ReturnType<typeof createMarketHistoryReads>;
