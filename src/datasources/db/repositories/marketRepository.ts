import type { Database } from '../createDatabase.js';
import { POOLS_AT, PROTOCOLS_AT, TOKENS_AT } from './marketAtBlockSql.js';
import { createMarketHistoryReads, num, type Raw, type SnapshotInterval, type TokenPriceAtRow } from './marketHistoryReads.js';
import type { PoolStatRecord } from './marketStateRepository.js';

/** A stored token price (the `token_prices` row). */
export interface TokenPriceRow {
  chainId: number;
  address: string;
  symbol: string | null;
  decimals: number | null;
  priceUsd: number | null;
  confidence: number;
  source: string | null;
  blockNumber: number;
  updatedAt: Date;
}

/** The 7- and 30-day volume and fee windows stored beside the 24h ones, USD. */
export interface MarketWindows {
  volumeUsd7d: number;
  volumeUsd30d: number;
  feesUsd7d: number;
  feesUsd30d: number;
}

/** A stored pool (the `pool_stats` row); reserves are raw balances. */
export type PoolStatRow = PoolStatRecord & MarketWindows;

/** A protocol's totals over every chain it is on. */
export interface ProtocolTotalsRow extends MarketWindows {
  slug: string;
  chainIds: number[];
  chainNames: string[];
  tvlUsd: number;
  borrowedUsd: number;
  volumeUsd24h: number;
  feesUsd24h: number;
}

/** A chain's totals over its protocols and the freshness of the market data behind them. */
export interface ChainTotalsRow extends MarketWindows {
  chainId: number;
  tvlUsd: number;
  borrowedUsd: number;
  volumeUsd24h: number;
  feesUsd24h: number;
  /** Indexed block the market job last computed at. */
  blockNumber: number;
  updatedAt: Date;
}

/** Filters of {@link MarketRepository.listTokens}; all optional, ANDed. */
export interface TokenFilter {
  symbolContainsNocase?: string | null;
  addressIn?: string[] | null;
  priceUsdGt?: number | null;
}

/** Filters of {@link MarketRepository.listPools}; all optional, ANDed. */
export interface PoolFilter {
  protocol?: string | null;
  tvlUsdGt?: number | null;
  /** Pools with token0 or token1 among these addresses. */
  tokenIn?: string[] | null;
}

/** One page: `first` rows after `offset` in a fixed order, and how many match overall. */
export interface PageRequest<O extends string> {
  first: number;
  offset: number;
  orderBy: O;
  orderDirection: 'asc' | 'desc';
}

const TOKEN_ORDER = { priceUsd: 'price_usd', symbol: 'symbol', confidence: 'confidence', address: 'address' } as const;
const WINDOW_ORDER = { volumeUsd7d: 'volume_usd_7d', volumeUsd30d: 'volume_usd_30d', feesUsd7d: 'fees_usd_7d', feesUsd30d: 'fees_usd_30d' } as const;
const POOL_ORDER = { tvlUsd: 'tvl_usd', volumeUsd24h: 'volume_usd_24h', feesUsd24h: 'fees_usd_24h', ...WINDOW_ORDER } as const;
const PROTOCOL_ORDER = { tvlUsd: 'tvl_usd', volumeUsd24h: 'volume_usd_24h', feesUsd24h: 'fees_usd_24h', ...WINDOW_ORDER } as const;

/** Orderable fields of each list (the GraphQL `orderBy` enums use the same names). */
export type TokenOrderField = keyof typeof TOKEN_ORDER;
export type PoolOrderField = keyof typeof POOL_ORDER;
export type ProtocolOrderField = keyof typeof PROTOCOL_ORDER;

const toToken = (r: Raw): TokenPriceRow => ({
  chainId: num(r.chain_id), address: String(r.address), symbol: (r.symbol as string | null) ?? null,
  decimals: r.decimals === null ? null : num(r.decimals), priceUsd: r.price_usd === null ? null : num(r.price_usd),
  confidence: num(r.confidence), source: (r.source as string | null) ?? null, blockNumber: num(r.block_number), updatedAt: new Date(r.updated_at as string),
});
const toWindows = (r: Raw): MarketWindows => ({
  volumeUsd7d: num(r.volume_usd_7d), volumeUsd30d: num(r.volume_usd_30d), feesUsd7d: num(r.fees_usd_7d), feesUsd30d: num(r.fees_usd_30d),
});
const toPool = (r: Raw): PoolStatRow => ({
  chainId: num(r.chain_id), address: String(r.address), protocol: String(r.protocol), token0: String(r.token0), token1: String(r.token1),
  reserve0: BigInt(String(r.reserve0)), reserve1: BigInt(String(r.reserve1)), tvlUsd: num(r.tvl_usd), volumeUsd24h: num(r.volume_usd_24h),
  feesUsd24h: num(r.fees_usd_24h), blockNumber: num(r.block_number), ...toWindows(r),
});
const toProtocol = (r: Raw): ProtocolTotalsRow => ({
  slug: String(r.slug), chainIds: (r.chain_ids as unknown[]).map(num), chainNames: (r.chain_names as unknown[]).map(String),
  tvlUsd: num(r.tvl_usd), borrowedUsd: num(r.borrowed_usd), volumeUsd24h: num(r.volume_usd_24h), feesUsd24h: num(r.fees_usd_24h), ...toWindows(r),
});

/** Builds `AND` clauses; `$?` in a clause stands for its value's parameter number (every `$?` of a clause is the same). */
function createWhere(initial: unknown[]) {
  const parameters = [...initial];
  const clauses: string[] = [];
  return {
    parameters,
    add(clause: string, ...value: [] | [unknown]) {
      if (value.length > 0) parameters.push(value[0]);
      clauses.push(clause.replaceAll('$?', `$${parameters.length}`));
    },
    sql: () => (clauses.length === 0 ? '' : `AND ${clauses.join(' AND ')}`),
  };
}

function addTokenFilters(where: ReturnType<typeof createWhere>, filter: TokenFilter): void {
  if (filter.symbolContainsNocase) where.add(`symbol ILIKE '%' || $? || '%'`, filter.symbolContainsNocase.replace(/[\\%_]/g, (c) => `\\${c}`));
  if (filter.addressIn) where.add('address = ANY($?)', filter.addressIn);
  if (filter.priceUsdGt !== undefined && filter.priceUsdGt !== null) where.add('price_usd > $?', filter.priceUsdGt);
}

function addPoolFilters(where: ReturnType<typeof createWhere>, filter: PoolFilter): void {
  if (filter.protocol) where.add('protocol = $?', filter.protocol);
  if (filter.tvlUsdGt !== undefined && filter.tvlUsdGt !== null) where.add('tvl_usd > $?', filter.tvlUsdGt);
  if (filter.tokenIn) where.add('(token0 = ANY($?) OR token1 = ANY($?))', filter.tokenIn);
}

const PROTOCOL_TOTALS = `
  SELECT s.slug, array_agg(s.chain_id ORDER BY s.chain_id) AS chain_ids, array_agg(COALESCE(c.name, s.chain_id::text) ORDER BY s.chain_id) AS chain_names,
         SUM(s.tvl_usd) AS tvl_usd, SUM(s.borrowed_usd) AS borrowed_usd, SUM(s.volume_usd_24h) AS volume_usd_24h, SUM(s.fees_usd_24h) AS fees_usd_24h,
         SUM(s.volume_usd_7d) AS volume_usd_7d, SUM(s.volume_usd_30d) AS volume_usd_30d, SUM(s.fees_usd_7d) AS fees_usd_7d, SUM(s.fees_usd_30d) AS fees_usd_30d
    FROM protocol_stats s LEFT JOIN chains c ON c.chain_id = s.chain_id`;

/** Reads the market job's tables for the API. Every method is one SQL statement (two for pages: rows and count). */
export function createMarketRepository(db: Database) {
  const query = (sql: string, parameters: unknown[]): Promise<Raw[]> => db.dataSource.query(sql, parameters) as Promise<Raw[]>;

  async function page<T>(from: string, where: ReturnType<typeof createWhere>, order: string, request: PageRequest<string>, map: (r: Raw) => T, tiebreak: string) {
    const direction = request.orderDirection === 'asc' ? 'ASC' : 'DESC';
    const limit = where.parameters.length + 1;
    const [rows, count] = await Promise.all([
      query(`SELECT * FROM ${from} WHERE true ${where.sql()} ORDER BY ${order} ${direction} NULLS LAST, ${tiebreak} LIMIT $${limit} OFFSET $${limit + 1}`, [...where.parameters, request.first + 1, request.offset]),
      query(`SELECT count(*)::int AS n FROM ${from} WHERE true ${where.sql()}`, where.parameters),
    ]);
    return { rows: rows.slice(0, request.first).map(map), hasNextPage: rows.length > request.first, totalCount: num(count[0]?.n) };
  }

  return {
    /** A page of a chain's tokens with their current price. */
    listTokens(chainId: number, filter: TokenFilter, request: PageRequest<TokenOrderField>) {
      const where = createWhere([chainId]);
      where.add('chain_id = $1');
      addTokenFilters(where, filter);
      return page('token_prices', where, TOKEN_ORDER[request.orderBy], request, toToken, 'address');
    },

    /**
     * A page of a chain's tokens with their price as of a block (`at`: the block and its time): filters and order
     * apply to that price. `confidence` is not kept per block: do not order by it.
     */
    listTokensAt(chainId: number, at: { number: number; timestampSec: number }, filter: TokenFilter, request: PageRequest<Exclude<TokenOrderField, 'confidence'>>) {
      const where = createWhere([chainId, at.number, at.timestampSec]);
      addTokenFilters(where, filter);
      const map = (r: Raw): { address: string; row: TokenPriceAtRow } => ({
        address: String(r.address),
        row: {
          symbol: (r.symbol as string | null) ?? null, decimals: r.decimals === null ? null : num(r.decimals), priceUsd: r.price_usd === null ? null : num(r.price_usd),
          blockNumber: r.block_number === null ? null : num(r.block_number), bucketStartSec: r.bucket_start_sec === null ? null : num(r.bucket_start_sec),
        },
      });
      return page(TOKENS_AT, where, TOKEN_ORDER[request.orderBy], request, map, 'address');
    },

    /** A page of a chain's pools as of a block: reserves and TVL then (see `POOLS_AT`); only `tvlUsd` orders. */
    listPoolsAt(chainId: number, at: { number: number; timestampSec: number }, filter: PoolFilter, request: PageRequest<'tvlUsd'>) {
      const where = createWhere([chainId, at.number, at.timestampSec]);
      addPoolFilters(where, filter);
      return page(POOLS_AT, where, POOL_ORDER[request.orderBy], request, toPool, 'address');
    },

    /** Current prices of many tokens, by `chainId:address` (for the per-request loader): one statement. */
    async getTokens(keys: readonly { chainId: number; address: string }[]): Promise<TokenPriceRow[]> {
      if (keys.length === 0) return [];
      const rows = await query(
        'SELECT t.* FROM token_prices t JOIN unnest($1::int[], $2::text[]) AS k(chain_id, address) ON t.chain_id = k.chain_id AND t.address = k.address',
        [keys.map((k) => k.chainId), keys.map((k) => k.address)],
      );
      return rows.map(toToken);
    },

    /** A page of a chain's pools. */
    listPools(chainId: number, filter: PoolFilter, request: PageRequest<PoolOrderField>) {
      const where = createWhere([chainId]);
      where.add('chain_id = $1');
      addPoolFilters(where, filter);
      return page('pool_stats', where, POOL_ORDER[request.orderBy], request, toPool, 'address');
    },

    /** One pool, or null. */
    async getPool(chainId: number, address: string): Promise<PoolStatRow | null> {
      const rows = await query('SELECT * FROM pool_stats WHERE chain_id = $1 AND address = $2', [chainId, address]);
      return rows[0] ? toPool(rows[0]) : null;
    },

    /** A page of protocols, totals over their chains. */
    listProtocols(request: PageRequest<ProtocolOrderField>) {
      return page(`(${PROTOCOL_TOTALS} GROUP BY s.slug) p`, createWhere([]), PROTOCOL_ORDER[request.orderBy], request, toProtocol, 'slug');
    },

    /**
     * A page of protocols with TVL and borrowed at a time, each chain's snapshot bounded by that chain's block at the
     * time (`points`; chains without one are left out; see `PROTOCOLS_AT`); only `tvlUsd` orders.
     */
    listProtocolsAt(timestampSec: number, points: readonly { chainId: number; number: number }[], request: PageRequest<'tvlUsd'>) {
      const where = createWhere([timestampSec, points.map((p) => p.chainId), points.map((p) => p.number)]);
      return page(PROTOCOLS_AT, where, PROTOCOL_ORDER[request.orderBy], request, toProtocol, 'slug');
    },

    /** One protocol's totals, or null when no chain has it. */
    async getProtocol(slug: string): Promise<ProtocolTotalsRow | null> {
      const rows = await query(`${PROTOCOL_TOTALS} WHERE s.slug = $1 GROUP BY s.slug`, [slug]);
      return rows[0] ? toProtocol(rows[0]) : null;
    },

    /** Current TVL per protocol and chain (with the chain's registered name), for every protocol or one: one statement. */
    async getProtocolChainTvls(slug?: string): Promise<{ slug: string; chainId: number; chainName: string; tvlUsd: number }[]> {
      const rows = await query(
        `SELECT s.slug, s.chain_id, COALESCE(c.name, s.chain_id::text) AS chain_name, s.tvl_usd FROM protocol_stats s LEFT JOIN chains c ON c.chain_id = s.chain_id
          WHERE $1::text IS NULL OR s.slug = $1 ORDER BY s.slug, s.chain_id`,
        [slug ?? null],
      );
      return rows.map((r) => ({ slug: String(r.slug), chainId: num(r.chain_id), chainName: String(r.chain_name), tvlUsd: num(r.tvl_usd) }));
    },

    /** TVL, borrowed and 24h volume/fees per chain (sum of its protocols) for many chains: one statement. */
    async getChainTotals(chainIds: readonly number[]): Promise<ChainTotalsRow[]> {
      const rows = await query(
        `SELECT chain_id, SUM(tvl_usd) AS tvl, SUM(borrowed_usd) AS borrowed, SUM(volume_usd_24h) AS volume, SUM(fees_usd_24h) AS fees,
                SUM(volume_usd_7d) AS volume_usd_7d, SUM(volume_usd_30d) AS volume_usd_30d, SUM(fees_usd_7d) AS fees_usd_7d, SUM(fees_usd_30d) AS fees_usd_30d,
                MAX(block_number) AS block_number, MAX(updated_at) AS updated_at
           FROM protocol_stats WHERE chain_id = ANY($1) GROUP BY chain_id`,
        [[...chainIds]],
      );
      return rows.map((r) => ({
        chainId: num(r.chain_id), tvlUsd: num(r.tvl), borrowedUsd: num(r.borrowed), volumeUsd24h: num(r.volume), feesUsd24h: num(r.fees),
        blockNumber: num(r.block_number), updatedAt: new Date(r.updated_at as string), ...toWindows(r),
      }));
    },

    /** Price snapshots (hourly table, or the daily one for `day`) of one token, ascending, in `[fromSec, toSec]` (and the one before, to fill gaps). */
    async getPriceSnapshots(chainId: number, address: string, fromSec: number, toSec: number, interval: SnapshotInterval = 'hour'): Promise<{ timestampSec: number; value: number }[]> {
      const table = interval === 'day' ? 'price_snapshots_daily' : 'price_snapshots';
      const rows = await query(
        `SELECT bucket_start_sec, price_usd FROM ${table} WHERE chain_id = $1 AND address = $2 AND bucket_start_sec <= $4
           AND bucket_start_sec >= COALESCE((SELECT max(bucket_start_sec) FROM ${table} WHERE chain_id = $1 AND address = $2 AND bucket_start_sec < $3), $3)
         ORDER BY bucket_start_sec`,
        [chainId, address, fromSec, toSec],
      );
      return rows.map((r) => ({ timestampSec: num(r.bucket_start_sec), value: num(r.price_usd) }));
    },

    ...createMarketHistoryReads(query),
  };
}

/** The market read repository's interface. */
export type MarketRepository = ReturnType<typeof createMarketRepository>;
