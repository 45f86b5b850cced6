import { assertNonNegativeAmount } from './assertNonNegativeAmount.js';
import { assertSqrtPriceX96 } from './assertSqrtPriceX96.js';
import { Q96 } from './v3Math.js';

/** Parameters of {@link getV3VirtualReserves}. */
export interface GetV3VirtualReservesParameters {
  sqrtPriceX96: bigint;
  /** In-range liquidity `L` (`slot0`-adjacent `liquidity()`, or the `liquidity` of the last `Swap`). */
  liquidity: bigint;
}

/** Raw base-unit reserves of the constant-product curve equivalent to the in-range liquidity. */
export interface VirtualReserves {
  reserve0: bigint;
  reserve1: bigint;
}

/**
 * Virtual reserves of a V3 pool at its current price: `x = L * 2^96 / sqrtPriceX96`, `y = L * sqrtPriceX96 / 2^96`
 * (floored). A V2 pool with these reserves has the same marginal price and the same price impact for small trades,
 * so they measure depth; large trades leave the active range, and the pool's real balances bound what it can pay.
 * @returns null for `sqrtPriceX96 === 0n` (not initialized).
 * @throws {NegativeAmountError} for negative liquidity; {InvalidPoolError} for an out-of-range price.
 */
export function getV3VirtualReserves({ sqrtPriceX96, liquidity }: GetV3VirtualReservesParameters): VirtualReserves | null {
  assertNonNegativeAmount('liquidity', liquidity);
  assertSqrtPriceX96(sqrtPriceX96);
  if (sqrtPriceX96 === 0n) return null;
  return { reserve0: (liquidity * Q96) / sqrtPriceX96, reserve1: (liquidity * sqrtPriceX96) / Q96 };
}
