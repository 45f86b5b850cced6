import type { Database } from '../createDatabase.js';

/** A stored Uniswap V2 or V3 swap with its block's time. Addresses and hashes are lowercase 0x-hex. */
export interface SwapRow {
  chainId: number;
  pool: string;
  protocol: 'uniswap-v2' | 'uniswap-v3';
  blockNumber: number;
  blockHash: string;
  transactionHash: string;
  logIndex: number;
  timestampSec: number;
  sender: string;
  recipient: string;
  /** Signed from the pool's side: positive = paid into the pool. */
  amount0: bigint;
  amount1: bigint;
}

/** A log position: swaps are ordered by (blockNumber, logIndex). */
export interface LogCursor {
  blockNumber: number;
  logIndex: number;
}

/** What a swap stream needs to know about a chain. */
export interface SwapChainInfo {
  indexedBlock: number | null;
  headBlock: number | null;
  finalityDepth: number;
  /** Lowest stored block: nothing below it can be replayed. Null before the first block. */
  firstBlock: number | null;
}

/** A pool's tokens with their current price (null when unpriced) and decimals (null when unknown). */
export interface PoolPricing {
  pool: string;
  protocol: string;
  tokens: [{ address: string; decimals: number | null; priceUsd: number | null }, { address: string; decimals: number | null; priceUsd: number | null }];
}

type Raw = Record<string, unknown>;
const num = (value: unknown): number => Number(value);
const nullableNum = (value: unknown): number | null => (value === null || value === undefined ? null : Number(value));

/** One SELECT per swap table; `$1` chain, `$2`/`$3` the exclusive cursor, `$4` the last block, `$5` the limit, `$6` an optional pool. */
function swapBranch(table: string, protocol: string, amounts: string, recipient: string, withPool: boolean): string {
  return `(SELECT '${protocol}' AS protocol, s.address, s.block_number, s.log_index, s.block_hash, s.tx_hash, s.sender,
            s.${recipient} AS recipient, ${amounts}
       FROM ${table} s
      WHERE s.chain_id = $1 AND (s.chain_id, s.block_number, s.log_index) > ($1, $2, $3) AND s.block_number <= $4
        ${withPool ? 'AND s.address = $6 AND s.block_number >= $2' /* lets the (chain_id, address, block_number) index serve one pool */ : ''}
      ORDER BY s.block_number, s.log_index LIMIT $5)`;
}

function buildPageSql(withPool: boolean): string {
  const v2 = swapBranch('uniswap_v2_swaps', 'uniswap-v2', 's.amount0_in - s.amount0_out AS amount0, s.amount1_in - s.amount1_out AS amount1', 'to_address', withPool);
  const v3 = swapBranch('uniswap_v3_swaps', 'uniswap-v3', 's.amount0, s.amount1', 'recipient', withPool);
  return `SELECT u.*, b.timestamp_sec FROM (${v2} UNION ALL ${v3}) u
            JOIN blocks b ON b.chain_id = $1 AND b.number = u.block_number AND b.hash = u.block_hash
           ORDER BY u.block_number, u.log_index LIMIT $5`;
}

const PAGE_SQL = { all: buildPageSql(false), pool: buildPageSql(true) };

function toSwapRow(chainId: number, r: Raw): SwapRow {
  return {
    chainId,
    pool: String(r.address),
    protocol: r.protocol === 'uniswap-v3' ? 'uniswap-v3' : 'uniswap-v2',
    blockNumber: num(r.block_number),
    blockHash: String(r.block_hash),
    transactionHash: String(r.tx_hash),
    logIndex: num(r.log_index),
    timestampSec: num(r.timestamp_sec),
    sender: String(r.sender),
    recipient: String(r.recipient),
    amount0: BigInt(String(r.amount0)),
    amount1: BigInt(String(r.amount1)),
  };
}

/**
 * Reads for resumable swap streams: stored V2/V3 swaps in log order after a cursor, the chain's indexed range,
 * canonical block hashes (a reorg deletes orphaned blocks, so a hash that is not stored is not canonical) and the
 * current prices of pools' tokens.
 */
export function createSwapRepository(db: Database) {
  const query = (sql: string, parameters: unknown[]) => db.dataSource.query(sql, parameters) as Promise<Raw[]>;
  return {
    /** Up to `limit` swaps after `after` (exclusive) up to block `toBlock` (inclusive), in (blockNumber, logIndex) order; one pool or all. */
    async listSwapsAfter(chainId: number, pool: string | null, after: LogCursor, toBlock: number, limit: number): Promise<SwapRow[]> {
      const parameters: unknown[] = [chainId, after.blockNumber, after.logIndex, toBlock, limit];
      const rows = pool === null ? await query(PAGE_SQL.all, parameters) : await query(PAGE_SQL.pool, [...parameters, pool.toLowerCase()]);
      return rows.map((r) => toSwapRow(chainId, r));
    },

    /** The chain's indexed and head blocks, finality depth and lowest stored block; null for an unknown chain. */
    async getChainInfo(chainId: number): Promise<SwapChainInfo | null> {
      const rows = await query(
        `SELECT indexed_block, head_block, finality_depth, (SELECT MIN(number) FROM blocks WHERE chain_id = $1) AS first_block
           FROM chains WHERE chain_id = $1`,
        [chainId],
      );
      const r = rows[0];
      if (!r) return null;
      return { indexedBlock: nullableNum(r.indexed_block), headBlock: nullableNum(r.head_block), finalityDepth: num(r.finality_depth), firstBlock: nullableNum(r.first_block) };
    },

    /** Of these block hashes, the ones stored (canonical), with their number and timestamp. */
    async getCanonicalBlocks(chainId: number, hashes: readonly string[]): Promise<Map<string, { number: number; timestampSec: number }>> {
      if (hashes.length === 0) return new Map();
      const rows = await query('SELECT hash, number, timestamp_sec FROM blocks WHERE chain_id = $1 AND hash = ANY($2)', [chainId, [...hashes]]);
      return new Map(rows.map((r) => [String(r.hash), { number: num(r.number), timestampSec: num(r.timestamp_sec) }]));
    },

    /** Tokens and current prices of V2 pairs and V3 pools of a chain (unknown addresses are left out). */
    async getPoolPricing(chainId: number, pools: readonly string[]): Promise<PoolPricing[]> {
      if (pools.length === 0) return [];
      const rows = await query(
        `WITH p AS (
           SELECT pair AS pool, 'uniswap-v2' AS protocol, token0, token1 FROM uniswap_v2_pairs WHERE chain_id = $1 AND pair = ANY($2)
           UNION ALL
           SELECT pool, 'uniswap-v3' AS protocol, token0, token1 FROM uniswap_v3_pools WHERE chain_id = $1 AND pool = ANY($2)
         )
         SELECT p.pool, p.protocol, p.token0, p.token1,
                COALESCE(p0.decimals, t0.decimals) AS decimals0, p0.price_usd AS price0,
                COALESCE(p1.decimals, t1.decimals) AS decimals1, p1.price_usd AS price1
           FROM p
           LEFT JOIN token_prices p0 ON p0.chain_id = $1 AND p0.address = p.token0
           LEFT JOIN token_prices p1 ON p1.chain_id = $1 AND p1.address = p.token1
           LEFT JOIN tokens t0 ON t0.chain_id = $1 AND t0.address = p.token0
           LEFT JOIN tokens t1 ON t1.chain_id = $1 AND t1.address = p.token1`,
        [chainId, pools.map((p) => p.toLowerCase())],
      );
      return rows.map((r) => ({
        pool: String(r.pool),
        protocol: String(r.protocol),
        tokens: [
          { address: String(r.token0), decimals: nullableNum(r.decimals0), priceUsd: nullableNum(r.price0) },
          { address: String(r.token1), decimals: nullableNum(r.decimals1), priceUsd: nullableNum(r.price1) },
        ],
      }));
    },
  };
}

/** The swap repository's interface. */
export type SwapRepository = ReturnType<typeof createSwapRepository>;
