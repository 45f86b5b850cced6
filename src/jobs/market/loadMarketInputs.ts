import type { PoolStateInput, TokenInput, V2PoolState, V3PoolState } from '../../analytics/types.js';
import type { SwapPoolInput } from '../../analytics/priceSwaps.js';
import type { V2SwapEventLike, V3SwapEventLike } from '../../analytics/normalizeSwap.js';
import type { Database } from '../../datasources/db/createDatabase.js';
import { protocolOfPool } from '../../config/protocols.js';

/** Symbols priced at the 1.0 peg (no oracle mapping is configured yet). */
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

/** A swap with its block timestamp, ready for `normalizeSwap` + `priceSwaps`. */
export type LoadedSwap = (V2SwapEventLike | V3SwapEventLike) & { timestampSec: number };

/** Everything the market job reads for one chain. */
export interface MarketInputs {
  chainId: number;
  /** Newest indexed block (0 when none) and its timestamp. */
  headBlock: number;
  headTimestampSec: number;
  tokens: TokenInput[];
  pools: LoadedPool[];
  swaps: LoadedSwap[];
}

type Row = Record<string, string | number | null>;
const num = (value: string | number | null | undefined): number => Number(value ?? 0);
const big = (value: string | number | null | undefined): bigint => BigInt(value ?? 0);

async function loadV2Pools(db: Database, chainId: number): Promise<LoadedPool[]> {
  const rows = (await db.dataSource.query(
    `SELECT p.pair AS address, p.token0, p.token1, s.reserve0::text AS reserve0, s.reserve1::text AS reserve1, s.block_number
       FROM uniswap_v2_pairs p
       JOIN LATERAL (SELECT reserve0, reserve1, block_number FROM uniswap_v2_syncs y
                      WHERE y.chain_id = p.chain_id AND y.address = p.pair
                      ORDER BY y.block_number DESC, y.log_index DESC LIMIT 1) s ON true
      WHERE p.chain_id = $1`,
    [chainId],
  )) as Row[];
  return rows.map((row) => {
    const state: V2PoolState = {
      kind: 'v2', chainId, address: String(row.address), token0: String(row.token0), token1: String(row.token1),
      blockNumber: num(row.block_number), reserve0: big(row.reserve0), reserve1: big(row.reserve1),
    };
    return { state, protocol: protocolOfPool('v2'), feePips: 3000, balance0: state.reserve0, balance1: state.reserve1 };
  });
}

async function loadV3Pools(db: Database, chainId: number): Promise<LoadedPool[]> {
  // Price and in-range liquidity of the last Swap, else the Initialize price (liquidity unknown until a swap: 0).
  // Balances are net ERC-20 transfers into the pool, when its tokens' transfers are indexed (else 0).
  const rows = (await db.dataSource.query(
    `SELECT p.pool AS address, p.token0, p.token1, p.fee,
            COALESCE(s.sqrt_price_x96, i.sqrt_price_x96)::text AS sqrt_price, COALESCE(s.liquidity, 0)::text AS liquidity,
            GREATEST(COALESCE(s.block_number, 0), COALESCE(i.block_number, 0)) AS block_number,
            (SELECT COALESCE(SUM(CASE WHEN t.to_address = p.pool THEN t.value ELSE -t.value END), 0)::text FROM erc20_transfers t
              WHERE t.chain_id = p.chain_id AND t.address = p.token0 AND (t.to_address = p.pool OR t.from_address = p.pool)) AS balance0,
            (SELECT COALESCE(SUM(CASE WHEN t.to_address = p.pool THEN t.value ELSE -t.value END), 0)::text FROM erc20_transfers t
              WHERE t.chain_id = p.chain_id AND t.address = p.token1 AND (t.to_address = p.pool OR t.from_address = p.pool)) AS balance1
       FROM uniswap_v3_pools p
       LEFT JOIN LATERAL (SELECT sqrt_price_x96, liquidity, block_number FROM uniswap_v3_swaps w
                           WHERE w.chain_id = p.chain_id AND w.address = p.pool
                           ORDER BY w.block_number DESC, w.log_index DESC LIMIT 1) s ON true
       LEFT JOIN LATERAL (SELECT sqrt_price_x96, block_number FROM uniswap_v3_initializes n
                           WHERE n.chain_id = p.chain_id AND n.address = p.pool
                           ORDER BY n.block_number DESC, n.log_index DESC LIMIT 1) i ON true
      WHERE p.chain_id = $1 AND (s.sqrt_price_x96 IS NOT NULL OR i.sqrt_price_x96 IS NOT NULL)`,
    [chainId],
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

async function loadSwaps(db: Database, chainId: number, fromSec: number): Promise<LoadedSwap[]> {
  const v2 = (await db.dataSource.query(
    `SELECT s.address, s.block_number, s.log_index, s.amount0_in::text AS a0i, s.amount1_in::text AS a1i,
            s.amount0_out::text AS a0o, s.amount1_out::text AS a1o, b.timestamp_sec
       FROM uniswap_v2_swaps s JOIN blocks b ON b.chain_id = s.chain_id AND b.number = s.block_number
      WHERE s.chain_id = $1 AND b.timestamp_sec > $2 ORDER BY s.block_number, s.log_index`,
    [chainId, fromSec],
  )) as Row[];
  const v3 = (await db.dataSource.query(
    `SELECT s.address, s.block_number, s.log_index, s.amount0::text AS a0, s.amount1::text AS a1, b.timestamp_sec
       FROM uniswap_v3_swaps s JOIN blocks b ON b.chain_id = s.chain_id AND b.number = s.block_number
      WHERE s.chain_id = $1 AND b.timestamp_sec > $2 ORDER BY s.block_number, s.log_index`,
    [chainId, fromSec],
  )) as Row[];
  const position = (row: Row) => ({ chainId, address: String(row.address), blockNumber: num(row.block_number), logIndex: num(row.log_index), timestampSec: num(row.timestamp_sec) });
  return [
    ...v2.map((row): LoadedSwap => ({ kind: 'uniswapV2Swap', ...position(row), amount0In: big(row.a0i), amount1In: big(row.a1i), amount0Out: big(row.a0o), amount1Out: big(row.a1o) })),
    ...v3.map((row): LoadedSwap => ({ kind: 'uniswapV3Swap', ...position(row), amount0: big(row.a0), amount1: big(row.a1) })),
  ];
}

/**
 * Reads one chain's market inputs from the indexed tables: tokens with known decimals, the latest state of every
 * V2 pair (last `Sync`) and V3 pool (last `Swap`/`Initialize`), and the swaps of the 24 hours before the newest
 * indexed block (windows are anchored at the chain's own clock, not the wall clock).
 */
export async function loadMarketInputs(db: Database, chainId: number): Promise<MarketInputs> {
  const head = (await db.dataSource.query(
    `SELECT number, timestamp_sec FROM blocks WHERE chain_id = $1 ORDER BY number DESC LIMIT 1`,
    [chainId],
  )) as Row[];
  const headBlock = num(head[0]?.number);
  const headTimestampSec = num(head[0]?.timestamp_sec);
  const [tokens, v2, v3, swaps] = await Promise.all([
    loadTokens(db, chainId), loadV2Pools(db, chainId), loadV3Pools(db, chainId), loadSwaps(db, chainId, headTimestampSec - 86_400),
  ]);
  return { chainId, headBlock, headTimestampSec, tokens, pools: [...v2, ...v3], swaps };
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
