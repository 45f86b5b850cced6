import type { PoolPricing, SwapRepository, SwapRow } from '../../datasources/db/repositories/swapRepository.js';
import type { PoolSwap } from './swap.type.js';
import { valueSwapUsd } from './valueSwapUsd.js';

/** How long a pool's token prices are reused before `token_prices` is read again. */
const PRICE_TTL_MS = 10_000;
/** Pools whose prices one pricer keeps (an all-pools stream sees every pool of the chain); least recently used go first. */
export const MAX_PRICED_POOLS = 2_000;

/** Options of {@link createSwapPricer}. */
export interface SwapPricerOptions {
  /** Pools cached at most. Default {@link MAX_PRICED_POOLS}. */
  maxPools?: number;
}

/**
 * Turns stored or live swap rows into `PoolSwap`s valued at current token prices, caching each pool's tokens and
 * prices for {@link PRICE_TTL_MS} (one SQL statement per batch of pools to refresh), for at most `maxPools` pools.
 */
export function createSwapPricer(repo: SwapRepository, chainId: number, options: SwapPricerOptions = {}) {
  const maxPools = options.maxPools ?? MAX_PRICED_POOLS;
  /** Insertion order = least recently used first. */
  const cache = new Map<string, { pricing: PoolPricing | null; fetchedAtMs: number }>();
  return {
    /** The rows as PoolSwaps (removed: false), keyed by `blockHash:logIndex`. */
    async value(rows: readonly SwapRow[]): Promise<Map<string, PoolSwap>> {
      const now = Date.now();
      const pools = [...new Set(rows.map((row) => row.pool))];
      const stale = new Set(pools.filter((pool) => (cache.get(pool)?.fetchedAtMs ?? -Infinity) < now - PRICE_TTL_MS));
      const fetched = stale.size > 0 ? new Map((await repo.getPoolPricing(chainId, [...stale])).map((p) => [p.pool, p])) : new Map<string, PoolPricing>();
      const current = new Map<string, PoolPricing | null>();
      for (const pool of pools) {
        const entry = stale.has(pool) ? { pricing: fetched.get(pool) ?? null, fetchedAtMs: now } : cache.get(pool)!;
        current.set(pool, entry.pricing);
        cache.delete(pool);
        cache.set(pool, entry);
      }
      while (cache.size > maxPools) cache.delete(cache.keys().next().value as string);
      const out = new Map<string, PoolSwap>();
      for (const row of rows) {
        const pricing = current.get(row.pool) ?? null;
        out.set(`${row.blockHash}:${row.logIndex}`, {
          chainId: row.chainId, pool: row.pool, protocol: row.protocol, blockNumber: row.blockNumber, blockHash: row.blockHash,
          transactionHash: row.transactionHash, logIndex: row.logIndex, timestamp: new Date(row.timestampSec * 1000),
          sender: row.sender, recipient: row.recipient, amount0: row.amount0, amount1: row.amount1,
          amountUsd: pricing ? valueSwapUsd(row.amount0, row.amount1, pricing.tokens[0], pricing.tokens[1]) : null,
          removed: false,
        });
      }
      return out;
    },
    /** Pools currently cached. */
    get size(): number {
      return cache.size;
    },
  };
}
