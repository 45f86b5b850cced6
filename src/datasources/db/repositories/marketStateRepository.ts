import type { EntityManager } from 'typeorm';
import type { Database } from '../createDatabase.js';

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

/** A pool's current reserves (raw balances), TVL and 24h volume and fees. */
export interface PoolStatRecord {
  chainId: number;
  address: string;
  protocol: string;
  token0: string;
  token1: string;
  reserve0: bigint;
  reserve1: bigint;
  tvlUsd: number;
  volumeUsd24h: number;
  feesUsd24h: number;
  blockNumber: number;
}

/** A protocol's current totals on one chain. */
export interface ProtocolStatRecord {
  slug: string;
  chainId: number;
  tvlUsd: number;
  borrowedUsd: number;
  volumeUsd24h: number;
  feesUsd24h: number;
  blockNumber: number;
}

/** One chain's full market state, replaced atomically. */
export interface ChainMarketState {
  chainId: number;
  /** Chain time of the newest indexed block: snapshots go to its hour bucket. */
  timestampSec: number;
  prices: TokenPriceRecord[];
  pools: PoolStatRecord[];
  protocols: ProtocolStatRecord[];
}

/** Seconds in a snapshot bucket (hourly). */
export const SNAPSHOT_BUCKET_SEC = 3600;
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

/** Writes the market job's output: current rows per chain and hourly snapshots. */
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
          ['chain_id', 'address', 'protocol', 'token0', 'token1', 'reserve0', 'reserve1', 'tvl_usd', 'volume_usd_24h', 'fees_usd_24h', 'block_number'],
          state.pools.map((p) => [p.chainId, p.address, p.protocol, p.token0, p.token1, p.reserve0.toString(), p.reserve1.toString(), p.tvlUsd, p.volumeUsd24h, p.feesUsd24h, p.blockNumber]), '');
        await insertRows(manager, 'protocol_stats',
          ['slug', 'chain_id', 'tvl_usd', 'borrowed_usd', 'volume_usd_24h', 'fees_usd_24h', 'block_number'],
          state.protocols.map((p) => [p.slug, p.chainId, p.tvlUsd, p.borrowedUsd, p.volumeUsd24h, p.feesUsd24h, p.blockNumber]), '');
        await insertRows(manager, 'tvl_snapshots', ['slug', 'chain_id', 'bucket_start_sec', 'tvl_usd'],
          state.protocols.map((p) => [p.slug, p.chainId, bucket, p.tvlUsd]),
          'ON CONFLICT (slug, chain_id, bucket_start_sec) DO UPDATE SET tvl_usd = EXCLUDED.tvl_usd');
        // An hourly OHLC candle: the first price seen in the hour opens it, every refresh widens high/low and closes it.
        await insertRows(manager, 'price_snapshots', ['chain_id', 'address', 'bucket_start_sec', 'open_usd', 'high_usd', 'low_usd', 'price_usd'],
          state.prices.filter((p) => p.priceUsd !== null).map((p) => [p.chainId, p.address, bucket, p.priceUsd, p.priceUsd, p.priceUsd, p.priceUsd]),
          `ON CONFLICT (chain_id, address, bucket_start_sec) DO UPDATE SET price_usd = EXCLUDED.price_usd,
             high_usd = GREATEST(price_snapshots.high_usd, EXCLUDED.high_usd), low_usd = LEAST(price_snapshots.low_usd, EXCLUDED.low_usd)`);
      });
    },
  };
}

/** The market state writer's interface. */
export type MarketStateRepository = ReturnType<typeof createMarketStateRepository>;
