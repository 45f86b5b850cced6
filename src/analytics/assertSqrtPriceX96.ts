import { InvalidPoolError } from './errors.js';
import { MAX_SQRT_RATIO, MIN_SQRT_RATIO } from './v3Math.js';

/**
 * Asserts that a non-zero `sqrtPriceX96` lies within Uniswap V3's `[MIN_SQRT_RATIO, MAX_SQRT_RATIO)`.
 * 0 is allowed: it means "not initialized" and callers treat it as no price.
 * @throws {InvalidPoolError} otherwise.
 */
export function assertSqrtPriceX96(sqrtPriceX96: bigint, pool = 'pool'): void {
  if (sqrtPriceX96 === 0n) return;
  if (sqrtPriceX96 < MIN_SQRT_RATIO || sqrtPriceX96 >= MAX_SQRT_RATIO) {
    throw new InvalidPoolError(pool, `sqrtPriceX96 ${sqrtPriceX96.toString()} is outside the V3 range`);
  }
}
