import { assertDecimals } from './assertDecimals.js';
import { assertSqrtPriceX96 } from './assertSqrtPriceX96.js';
import type { SpotPrice } from './getV2SpotPrice.js';
import { ratioToNumber } from './ratioToNumber.js';
import { Q96 } from './v3Math.js';

/** Parameters of {@link getV3SpotPrice}. */
export interface GetV3SpotPriceParameters {
  sqrtPriceX96: bigint;
  decimals0: number;
  decimals1: number;
}

/**
 * Spot price of a Uniswap V3 pool from `slot0.sqrtPriceX96`:
 * `token0Price = sqrtPriceX96^2 / 2^192 * 10^(decimals0 - decimals1)`, squared and scaled exactly in bigint,
 * rounded to a double once.
 * @returns null for `sqrtPriceX96 === 0n` (pool not initialized).
 * @throws {InvalidPoolError} when `sqrtPriceX96` is outside V3's bounds; {InvalidDecimalsError} for bad decimals.
 */
export function getV3SpotPrice({ sqrtPriceX96, decimals0, decimals1 }: GetV3SpotPriceParameters): SpotPrice | null {
  assertSqrtPriceX96(sqrtPriceX96);
  assertDecimals(decimals0);
  assertDecimals(decimals1);
  if (sqrtPriceX96 === 0n) return null;
  const priceX192 = sqrtPriceX96 * sqrtPriceX96;
  const scale0 = 10n ** BigInt(decimals0);
  const scale1 = 10n ** BigInt(decimals1);
  const q192 = Q96 * Q96;
  return {
    token0Price: ratioToNumber(priceX192 * scale0, q192 * scale1),
    token1Price: ratioToNumber(q192 * scale1, priceX192 * scale0),
  };
}
