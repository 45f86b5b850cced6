import { protocolOfPool } from '../../../config/protocols.js';
import { netTransfersSql } from './netTransfersSql.js';

// SQL fragments of point-in-time reads, shared by the single-object and the list queries so both answer alike.

/**
 * A LATERAL subquery giving `reserve0, reserve1, block_number` of pool alias `p` (columns chain_id, address, protocol,
 * token0, token1) as of block `$block`: V2 = the last `Sync` at or before it; V3 = net indexed ERC-20 transfers into
 * the pool up to it (the market job's definition; negatives clamped to 0), with the last `Swap`/`Initialize` block.
 * `block_number` is null when the pool had no state event by then.
 */
export function reservesAtLateral(p: string, block: string): string {
  const net = (token: string) => `GREATEST(0, ${netTransfersSql(`${p}.chain_id`, `${p}.${token}`, `${p}.address`, block)})`;
  return `(
    (SELECT y.reserve0, y.reserve1, y.block_number FROM uniswap_v2_syncs y
      WHERE ${p}.protocol = '${protocolOfPool('v2')}' AND y.chain_id = ${p}.chain_id AND y.address = ${p}.address AND y.block_number <= ${block}
      ORDER BY y.block_number DESC, y.log_index DESC LIMIT 1)
    UNION ALL
    (SELECT ${net('token0')}, ${net('token1')},
            GREATEST((SELECT max(w.block_number) FROM uniswap_v3_swaps w WHERE w.chain_id = ${p}.chain_id AND w.address = ${p}.address AND w.block_number <= ${block}),
                     (SELECT max(n.block_number) FROM uniswap_v3_initializes n WHERE n.chain_id = ${p}.chain_id AND n.address = ${p}.address AND n.block_number <= ${block}))
      WHERE ${p}.protocol = '${protocolOfPool('v3')}')
  )`;
}

/**
 * A LATERAL subquery giving `price_usd, block_number, bucket_start_sec` of token (`chain`, `address` expressions) as
 * of block `$block` at time `$ts`: the latest hourly snapshot whose bucket starts at or before the time and that was
 * not computed after the block (snapshots without a block number count by time only).
 */
export function priceAtLateral(chain: string, address: string, block: string, ts: string): string {
  return `(SELECT s.price_usd, s.block_number, s.bucket_start_sec FROM price_snapshots s
            WHERE s.chain_id = ${chain} AND s.address = ${address} AND s.bucket_start_sec <= ${ts} AND (s.block_number IS NULL OR s.block_number <= ${block})
            ORDER BY s.bucket_start_sec DESC LIMIT 1)`;
}

/**
 * Protocols with TVL and borrowed at time `$1`: per (protocol, chain) of `protocol_stats`, the latest hourly snapshot
 * at or before it and not computed after that chain's block at the time (`$2` chain ids, `$3` their blocks), summed
 * over chains; as a FROM item with the protocol totals' columns (no volumes).
 */
export const PROTOCOLS_AT = `(SELECT g.slug, array_agg(g.chain_id ORDER BY g.chain_id) AS chain_ids,
      array_agg(COALESCE(c.name, g.chain_id::text) ORDER BY g.chain_id) AS chain_names, SUM(x.tvl_usd) AS tvl_usd, SUM(x.borrowed_usd) AS borrowed_usd
    FROM protocol_stats g
    JOIN unnest($2::int[], $3::bigint[]) AS b(chain_id, block_number) ON b.chain_id = g.chain_id
    JOIN LATERAL (SELECT s.tvl_usd, s.borrowed_usd FROM tvl_snapshots s WHERE s.slug = g.slug AND s.chain_id = g.chain_id AND s.bucket_start_sec <= $1
                     AND (s.block_number IS NULL OR s.block_number <= b.block_number)
                   ORDER BY s.bucket_start_sec DESC LIMIT 1) x ON true
    LEFT JOIN chains c ON c.chain_id = g.chain_id
   GROUP BY g.slug) p`;

/** Tokens of chain `$1` with their price as of block `$2` at time `$3`, as a FROM item with `token_prices`' columns. */
export const TOKENS_AT = `(SELECT t.chain_id, t.address, t.symbol, t.decimals, s.price_usd, s.block_number, s.bucket_start_sec
    FROM token_prices t LEFT JOIN LATERAL ${priceAtLateral('t.chain_id', 't.address', '$2', '$3')} s ON true WHERE t.chain_id = $1) t`;

/**
 * Pools of chain `$1` as of block `$2` at time `$3`, as a FROM item with `pool_stats`' columns: reserves from
 * {@link reservesAtLateral}, `tvl_usd` = reserves x prices at the block (unpriced tokens count 0); pools without state
 * by then are absent.
 */
export const POOLS_AT = `(SELECT p.chain_id, p.address, p.protocol, p.token0, p.token1, r.reserve0, r.reserve1, r.block_number,
      COALESCE(r.reserve0::float8 / 10 ^ d0.decimals * x0.price_usd, 0) + COALESCE(r.reserve1::float8 / 10 ^ d1.decimals * x1.price_usd, 0) AS tvl_usd
    FROM pool_stats p
    JOIN LATERAL ${reservesAtLateral('p', '$2')} r ON r.block_number IS NOT NULL
    LEFT JOIN tokens d0 ON d0.chain_id = p.chain_id AND d0.address = p.token0
    LEFT JOIN tokens d1 ON d1.chain_id = p.chain_id AND d1.address = p.token1
    LEFT JOIN LATERAL ${priceAtLateral('p.chain_id', 'p.token0', '$2', '$3')} x0 ON true
    LEFT JOIN LATERAL ${priceAtLateral('p.chain_id', 'p.token1', '$2', '$3')} x1 ON true
   WHERE p.chain_id = $1) p`;
