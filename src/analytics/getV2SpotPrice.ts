import { assertDecimals } from './assertDecimals.js';
import { assertNonNegativeAmount } from './assertNonNegativeAmount.js';
import { ratioToNumber } from './ratioToNumber.js';

/** Parameters of {@link getV2SpotPrice}. */
export interface GetV2SpotPriceParameters {
  reserve0: bigint;
  reserve1: bigint;
  decimals0: number;
  decimals1: number;
}

/** Marginal prices of a pool, in whole tokens (decimals applied). */
export interface SpotPrice {
  /** Price of one token0 in token1. */
  token0Price: number;
  /** Price of one token1 in token0. */
  token1Price: number;
}

/**
 * Spot (marginal) price of a constant-product pool from its reserves:
 * `token0Price = (reserve1 / 10^decimals1) / (reserve0 / 10^decimals0)`, computed exactly in bigint and rounded once.
 * @returns null when either reserve is 0 (an empty pool has no price).
 * @throws {NegativeAmountError} for a negative reserve; {InvalidDecimalsError} for bad decimals.
 */
export function getV2SpotPrice({ reserve0, reserve1, decimals0, decimals1 }: GetV2SpotPriceParameters): SpotPrice | null {
  assertNonNegativeAmount('reserve0', reserve0);
  assertNonNegativeAmount('reserve1', reserve1);
  assertDecimals(decimals0);
  assertDecimals(decimals1);
  if (reserve0 === 0n || reserve1 === 0n) return null;
  const scale0 = 10n ** BigInt(decimals0);
  const scale1 = 10n ** BigInt(decimals1);
  return {
    token0Price: ratioToNumber(reserve1 * scale0, reserve0 * scale1),
    token1Price: ratioToNumber(reserve0 * scale1, reserve1 * scale0),
  };
}
