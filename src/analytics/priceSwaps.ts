import { assertDecimals } from './assertDecimals.js';
import { assertNonNegativeNumber } from './assertNonNegativeNumber.js';
import { InvalidNumberError, InvalidPoolError, UnorderedSeriesError } from './errors.js';
import { getPriceAtBlock, type PricePoint } from './getPriceAtBlock.js';
import type { SwapAmounts } from './normalizeSwap.js';
import { tokenKey } from './tokenKey.js';
import { unitsToNumber } from './unitsToNumber.js';

/** What volume needs to know about a pool. */
export interface SwapPoolInput {
  chainId: number;
  address: string;
  protocol: string;
  token0: { address: string; decimals: number };
  token1: { address: string; decimals: number };
  /** Swap fee in hundredths of a bip, as V3's `fee()`: 3000 = 0.3 % (every Uniswap V2 pair), 500 = 0.05 %. */
  feePips: number;
}

/** A swap with the time of its block. */
export interface SwapInput extends SwapAmounts {
  timestampSec: number;
}

/** A swap valued at its own block. */
export interface PricedSwap {
  chainId: number;
  pool: string;
  protocol: string;
  blockNumber: number;
  logIndex: number;
  timestampSec: number;
  volumeUsd: number;
  feesUsd: number;
  /** False when neither token had a price at the block: volume and fees are then 0. */
  priced: boolean;
  unpricedTokens: string[];
}

/** Input of {@link priceSwaps}. */
export interface PriceSwapsInput {
  swaps: readonly SwapInput[];
  pools: readonly SwapPoolInput[];
  /** Per tokenKey, the token's price points ascending by block; the price at a swap is the last point <= its block. */
  priceHistory: ReadonlyMap<string, readonly PricePoint[]>;
}

/**
 * Values each swap at its block, the Uniswap subgraph way: per side, amount = in + out (whole tokens);
 * volume = the mean of both sides' USD when both are priced, else the priced side, else 0 (flagged);
 * fees = volume x feePips / 1e6.
 * @throws {InvalidPoolError} for a swap whose pool is not in `pools`; {UnorderedSeriesError} for a price history
 *   out of block order; {InvalidNumberError} for a bad fee or timestamp.
 */
export function priceSwaps(input: PriceSwapsInput): PricedSwap[] {
  const pools = new Map<string, SwapPoolInput>();
  for (const pool of input.pools) {
    if (!Number.isInteger(pool.feePips) || pool.feePips < 0 || pool.feePips >= 1_000_000) {
      throw new InvalidNumberError(`pool ${pool.address} feePips`, pool.feePips, 'an integer from 0 to 999999');
    }
    assertDecimals(pool.token0.decimals);
    assertDecimals(pool.token1.decimals);
    pools.set(tokenKey(pool.chainId, pool.address), pool);
  }
  for (const [key, points] of input.priceHistory) {
    points.forEach((point, index) => {
      if (index > 0 && point.blockNumber < (points[index - 1]?.blockNumber ?? 0)) throw new UnorderedSeriesError(`price history of ${key}`, index);
    });
  }
  return input.swaps.map((swap) => {
    assertNonNegativeNumber('timestampSec', swap.timestampSec);
    const pool = pools.get(tokenKey(swap.chainId, swap.pool));
    if (!pool) throw new InvalidPoolError(swap.pool, `no pool metadata for the swap in block ${String(swap.blockNumber)}`);
    const sides = [
      { token: pool.token0, amountRaw: swap.amount0In + swap.amount0Out },
      { token: pool.token1, amountRaw: swap.amount1In + swap.amount1Out },
    ].map(({ token, amountRaw }) => {
      const key = tokenKey(pool.chainId, token.address);
      const price = getPriceAtBlock(input.priceHistory.get(key) ?? [], swap.blockNumber);
      return { key, usd: price === null ? null : unitsToNumber(amountRaw, token.decimals) * price };
    });
    const priced = sides.flatMap((side) => (side.usd === null ? [] : [side.usd]));
    const volumeUsd = priced.length === 0 ? 0 : priced.reduce((sum, usd) => sum + usd, 0) / priced.length;
    return {
      chainId: swap.chainId,
      pool: pool.address.toLowerCase(),
      protocol: pool.protocol,
      blockNumber: swap.blockNumber,
      logIndex: swap.logIndex,
      timestampSec: swap.timestampSec,
      volumeUsd,
      feesUsd: (volumeUsd * pool.feePips) / 1_000_000,
      priced: priced.length > 0,
      unpricedTokens: sides.filter((side) => side.usd === null).map((side) => side.key),
    };
  });
}
