import type { OracleAnswerInput, PoolStateInput, TokenInput, V2PoolState, V3PoolState } from '../../analytics/types.js';
import type { SwapPoolInput } from '../../analytics/priceSwaps.js';
import type { HourlyClose } from '../../analytics/priceSwapsAtHourlyCloses.js';
import { tokenKey } from '../../analytics/tokenKey.js';
import type { Database } from '../../datasources/db/createDatabase.js';
import { netTransfersSql } from '../../datasources/db/repositories/netTransfersSql.js';
import { protocolOfPool } from '../../config/protocols.js';
import type { PriceFeedConfig } from '../../config/chainsFile.js';
import { loadLendingInputs, type LoadedLendingReserve } from './loadLendingInputs.js';
import { loadOracleInputs } from './loadOracleInputs.js';

/** Symbols priced at the 1.0 peg when no fresh oracle answer prices them. */
export const STABLECOIN_SYMBOLS: ReadonlySet<string> = new Set(['USDC', 'USDT', 'DAI']);
/** Symbols of wrapped native tokens (priced first from stablecoin pools). */
export const WRAPPED_NATIVE_SYMBOLS: ReadonlySet<string> = new Set(['WETH', 'WBNB', 'WMATIC', 'WPOL', 'WAVAX']);

/** A pool with its holdings: V2 reserves, V3 token balances (from indexed transfers) or 0 when unknown. */
export interface LoadedPool {
  state: PoolStateInput;
  protocol: string;
  /** Uniswap fee in hundredths of a bip (3000 for every V2 pair). */
  feePips: number;
  balance0: bigint;
  balance1: bigint;
}

/**
 * The swaps of one pool in one hour bucket that fall in the same rolling windows (24h / 7d / 30d), summed in SQL:
 * each side's `in + out` in raw units (V3: the absolute signed delta). Within a group every token has one hourly
 * price, so valuing the sums gives exactly the sum of the swaps' values.
 */
export interface SwapGroup {
  address: string;
  /** The group's newest swap: its block and block time (windows and the price hour follow from it). */
  blockNumber: number;
  timestampSec: number;
  amount0Raw: bigint;
  amount1Raw: bigint;
  swapCount: number;
}

/** Options of {@link loadMarketInputs}. */
export interface LoadMarketInputsOptions {
  /** Read the state as of this block: every read is `block_number <= atBlock`, windows end at its time. Default: the newest indexed block. */
  atBlock?: number;
  /** Load swaps and hourly closes for volume. Default true; history snapshots store no volume and skip them. */
  volume?: boolean;
  /** The chain's USD feeds (`ChainConfig.priceFeeds`): their newest answers at the block price their assets. Default none. */
  priceFeeds?: readonly PriceFeedConfig[];
}

/** Everything the market job reads for one chain. */
export interface MarketInputs {
  chainId: number;
  /** Newest indexed block (0 when none) and its timestamp. */
  headBlock: number;
  headTimestampSec: number;
  tokens: TokenInput[];
  pools: LoadedPool[];
  /** The last 30 days of swaps (chain time, up to `headBlock`), grouped by pool, hour and window. */
  swapGroups: SwapGroup[];
  /** Per tokenKey, closes of the hourly price snapshots over the volume window (before the head's hour), ascending. */
  hourlyCloses: Map<string, HourlyClose[]>;
  /** The newest oracle answer per asset at or before `headBlock` (`loadOracleInputs`). */
  oracles?: OracleAnswerInput[];
  /** Aave V3 reserves at `headBlock` (`loadLendingInputs`). */
  lendingReserves?: LoadedLendingReserve[];
}

type Row = Record<string, string | number | null>;
const num = (value: string | number | null | undefined): number => Number(value ?? 0);
const big = (value: string | number | null | undefined): bigint => BigInt(value ?? 0);

async function loadV2Pools(db: Database, chainId: number, atBlock: number): Promise<LoadedPool[]> {
  const rows = (await db.dataSource.query(
    `SELECT p.pair AS address, p.token0, p.token1, s.reserve0::text AS reserve0, s.reserve1::text AS reserve1, s.block_number
       FROM uniswap_v2_pairs p
       JOIN LATERAL (SELECT reserve0, reserve1, block_number FROM uniswap_v2_syncs y
                      WHERE y.chain_id = p.chain_id AND y.address = p.pair AND y.block_number <= $2
                      ORDER BY y.block_number DESC, y.log_index DESC LIMIT 1) s ON true
      WHERE p.chain_id = $1 AND p.block_number <= $2`,
    [chainId, atBlock],
  )) as Row[];
  return rows.map((row) => {
    const state: V2PoolState = {
      kind: 'v2', chainId, address: String(row.address), token0: String(row.token0), token1: String(row.token1),
      blockNumber: num(row.block_number), reserve0: big(row.reserve0), reserve1: big(row.reserve1),
    };
    return { state, protocol: protocolOfPool('v2'), feePips: 3000, balance0: state.reserve0, balance1: state.reserve1 };
  });
}

async function loadV3Pools(db: Database, chainId: number, atBlock: number): Promise<LoadedPool[]> {
  // Price and in-range liquidity of the last Swap, else the Initialize price (liquidity unknown until a swap: 0).
  // Balances are net ERC-20 transfers into the pool, when its tokens' transfers are indexed (else 0).
  const rows = (await db.dataSource.query(
    `SELECT p.pool AS address, p.token0, p.token1, p.fee,
            COALESCE(s.sqrt_price_x96, i.sqrt_price_x96)::text AS sqrt_price, COALESCE(s.liquidity, 0)::text AS liquidity,
            GREATEST(COALESCE(s.block_number, 0), COALESCE(i.block_number, 0)) AS block_number,
            ${netTransfersSql('p.chain_id', 'p.token0', 'p.pool', '$2')}::text AS balance0,
            ${netTransfersSql('p.chain_id', 'p.token1', 'p.pool', '$2')}::text AS balance1
       FROM uniswap_v3_pools p
       LEFT JOIN LATERAL (SELECT sqrt_price_x96, liquidity, block_number FROM uniswap_v3_swaps w
                           WHERE w.chain_id = p.chain_id AND w.address = p.pool AND w.block_number <= $2
                           ORDER BY w.block_number DESC, w.log_index DESC LIMIT 1) s ON true
       LEFT JOIN LATERAL (SELECT sqrt_price_x96, block_number FROM uniswap_v3_initializes n
                           WHERE n.chain_id = p.chain_id AND n.address = p.pool AND n.block_number <= $2
                           ORDER BY n.block_number DESC, n.log_index DESC LIMIT 1) i ON true
      WHERE p.chain_id = $1 AND p.block_number <= $2 AND (s.sqrt_price_x96 IS NOT NULL OR i.sqrt_price_x96 IS NOT NULL)`,
    [chainId, atBlock],
  )) as Row[];
  return rows.map((row) => {
    const balance0 = big(row.balance0) > 0n ? big(row.balance0) : 0n;
    const balance1 = big(row.balance1) > 0n ? big(row.balance1) : 0n;
    const state: V3PoolState = {
      kind: 'v3', chainId, address: String(row.address), token0: String(row.token0), token1: String(row.token1),
      blockNumber: num(row.block_number), sqrtPriceX96: big(row.sqrt_price), liquidity: big(row.liquidity),
      ...(balance0 > 0n || balance1 > 0n ? { balance0, balance1 } : {}),
    };
    return { state, protocol: protocolOfPool('v3'), feePips: num(row.fee), balance0, balance1 };
  });
}

async function loadTokens(db: Database, chainId: number): Promise<TokenInput[]> {
  const rows = (await db.dataSource.query(
    'SELECT address, symbol, decimals FROM tokens WHERE chain_id = $1 AND decimals IS NOT NULL ORDER BY address',
    [chainId],
  )) as Row[];
  return rows.map((row) => {
    const symbol = String(row.symbol ?? '');
    return {
      chainId, address: String(row.address), symbol, decimals: num(row.decimals),
      isStable: STABLECOIN_SYMBOLS.has(symbol.toUpperCase()), isWrappedNative: WRAPPED_NATIVE_SYMBOLS.has(symbol.toUpperCase()),
    };
  });
}

/** The longest volume window (30 days), in seconds. */
const VOLUME_SPAN_SEC = 30 * 86_400;
const HOUR_SEC = 3600;
const BLOCK_TIME = 'SELECT b.timestamp_sec FROM blocks b WHERE b.chain_id = s.chain_id AND b.number = s.block_number';

async function loadSwapGroups(db: Database, chainId: number, atBlock: number, nowSec: number): Promise<SwapGroup[]> {
  // One row per pool, hour and window membership: a few hundred rows per pool for 30 days, however many swaps.
  // Swaps are read by primary key from the window's first block, each block time looked up by primary key (a scalar
  // subquery, never flattened into a join): with a join the planner may scan every block per swap when the
  // tables' statistics are stale (fresh tables), 0.5 s for 3,000 swaps.
  const rows = (await db.dataSource.query(
    `WITH first_block AS (
       SELECT COALESCE(min(number), $2 + 1) AS number FROM blocks
        WHERE chain_id = $1 AND number <= $2 AND timestamp_sec > $3::bigint - ${VOLUME_SPAN_SEC}),
     s AS (
       SELECT s.address, s.block_number, (${BLOCK_TIME}) AS timestamp_sec, s.amount0_in + s.amount0_out AS a0, s.amount1_in + s.amount1_out AS a1
         FROM uniswap_v2_swaps s
        WHERE s.chain_id = $1 AND s.block_number >= (SELECT number FROM first_block) AND s.block_number <= $2
       UNION ALL
       SELECT s.address, s.block_number, (${BLOCK_TIME}) AS timestamp_sec, abs(s.amount0), abs(s.amount1)
         FROM uniswap_v3_swaps s
        WHERE s.chain_id = $1 AND s.block_number >= (SELECT number FROM first_block) AND s.block_number <= $2)
     SELECT address, max(block_number) AS block_number, max(timestamp_sec) AS timestamp_sec,
            sum(a0)::text AS a0, sum(a1)::text AS a1, count(*) AS swaps
       FROM s
      WHERE timestamp_sec > $3::bigint - ${VOLUME_SPAN_SEC} AND timestamp_sec <= $3
      GROUP BY address, timestamp_sec / ${HOUR_SEC}, timestamp_sec > $3::bigint - 86400, timestamp_sec > $3::bigint - ${7 * 86_400}`,
    [chainId, atBlock, nowSec],
  )) as Row[];
  return rows.map((row) => ({
    address: String(row.address), blockNumber: num(row.block_number), timestampSec: num(row.timestamp_sec),
    amount0Raw: big(row.a0), amount1Raw: big(row.a1), swapCount: num(row.swaps),
  }));
}

async function loadHourlyCloses(db: Database, chainId: number, nowSec: number): Promise<Map<string, HourlyClose[]>> {
  // From a day before the window, so a swap early in the window finds an earlier close when its own hour has none.
  const nowBucket = Math.floor(nowSec / HOUR_SEC) * HOUR_SEC;
  const rows = (await db.dataSource.query(
    `SELECT address, bucket_start_sec, price_usd FROM price_snapshots
      WHERE chain_id = $1 AND bucket_start_sec >= $2 AND bucket_start_sec < $3 ORDER BY address, bucket_start_sec`,
    [chainId, nowBucket - VOLUME_SPAN_SEC - 86_400, nowBucket],
  )) as Row[];
  const closes = new Map<string, HourlyClose[]>();
  for (const row of rows) {
    const key = tokenKey(chainId, String(row.address));
    const list = closes.get(key) ?? [];
    list.push({ bucketStartSec: num(row.bucket_start_sec), priceUsd: num(row.price_usd) });
    closes.set(key, list);
  }
  return closes;
}

/**
 * Reads one chain's market inputs from the indexed tables as of a block (default: the newest indexed one): tokens
 * with known decimals, the latest state of every V2 pair (last `Sync`) and V3 pool (last `Swap`/`Initialize`) at or
 * before it, and the swaps of the 30 days of **chain time** before it, grouped in SQL (with the hourly price closes
 * that value them). Every read is bounded by `block_number <= atBlock`.
 */
export async function loadMarketInputs(db: Database, chainId: number, options: LoadMarketInputsOptions = {}): Promise<MarketInputs> {
  const head = (await db.dataSource.query(
    `SELECT number, timestamp_sec FROM blocks WHERE chain_id = $1 AND number <= $2 ORDER BY number DESC LIMIT 1`,
    [chainId, options.atBlock ?? Number.MAX_SAFE_INTEGER],
  )) as Row[];
  const headBlock = num(head[0]?.number);
  const headTimestampSec = num(head[0]?.timestamp_sec);
  const volume = options.volume ?? true;
  const [tokens, v2, v3, swapGroups, hourlyCloses, oracles, lendingReserves] = await Promise.all([
    loadTokens(db, chainId), loadV2Pools(db, chainId, headBlock), loadV3Pools(db, chainId, headBlock),
    volume ? loadSwapGroups(db, chainId, headBlock, headTimestampSec) : [],
    volume ? loadHourlyCloses(db, chainId, headTimestampSec) : new Map<string, HourlyClose[]>(),
    loadOracleInputs(db, chainId, options.priceFeeds ?? [], headBlock), loadLendingInputs(db, chainId, headBlock, headTimestampSec),
  ]);
  return { chainId, headBlock, headTimestampSec, tokens, pools: [...v2, ...v3], swapGroups, hourlyCloses, oracles, lendingReserves };
}

/** The pool metadata `priceSwaps` needs, from loaded pools and tokens. */
export function toSwapPools(inputs: MarketInputs): SwapPoolInput[] {
  const decimals = new Map(inputs.tokens.map((t) => [t.address, t.decimals]));
  const result: SwapPoolInput[] = [];
  for (const pool of inputs.pools) {
    const d0 = decimals.get(pool.state.token0);
    const d1 = decimals.get(pool.state.token1);
    if (d0 === undefined || d1 === undefined) continue;
    result.push({
      chainId: inputs.chainId, address: pool.state.address, protocol: pool.protocol, feePips: pool.feePips,
      token0: { address: pool.state.token0, decimals: d0 }, token1: { address: pool.state.token1, decimals: d1 },
    });
  }
  return result;
}
