import type { PoolPricing, SwapRepository, SwapRow } from '../../datasources/db/repositories/swapRepository.js';
import type { PoolSwap } from './swap.type.js';
import { valueSwapUsd } from './valueSwapUsd.js';

/** How long a pool's token prices are reused before `token_prices` is read again. */
const PRICE_TTL_MS = 10_000;

/**
 * Turns stored or live swap rows into `PoolSwap`s valued at current token prices, caching each pool's tokens and
 * prices for {@link PRICE_TTL_MS} (one SQL statement per batch of pools to refresh).
 */
export function createSwapPricer(repo: SwapRepository, chainId: number) {
  const cache = new Map<string, { pricing: PoolPricing | null; fetchedAtMs: number }>();
  return {
    /** The rows as PoolSwaps (removed: false), keyed by `blockHash:logIndex`. */
    async value(rows: readonly SwapRow[]): Promise<Map<string, PoolSwap>> {
      const now = Date.now();
      const stale = [...new Set(rows.map((row) => row.pool))].filter((pool) => (cache.get(pool)?.fetchedAtMs ?? -Infinity) < now - PRICE_TTL_MS);
      if (stale.length > 0) {
        const fetched = new Map((await repo.getPoolPricing(chainId, stale)).map((p) => [p.pool, p]));
        for (const pool of stale) cache.set(pool, { pricing: fetched.get(pool) ?? null, fetchedAtMs: now });
      }
      const out = new Map<string, PoolSwap>();
      for (const row of rows) {
        const pricing = cache.get(row.pool)?.pricing ?? null;
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
  };
}
