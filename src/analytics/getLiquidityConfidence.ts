import { assertNonNegativeNumber } from './assertNonNegativeNumber.js';
import { InvalidNumberError } from './errors.js';

/** The highest confidence anything gets (DefiLlama's value for its best sources). */
export const MAX_CONFIDENCE = 0.99;

/** Parameters of {@link getLiquidityConfidence}. */
export interface LiquidityConfidenceOptions {
  /** Below this depth there is no confidence at all (and no price). Default 10,000. */
  minLiquidityUsd?: number;
  /** At and above this depth confidence is capped at 0.99. Default 1,000,000. */
  fullConfidenceLiquidityUsd?: number;
}

/**
 * Confidence (0-0.99) that a pool-derived price is right, from the USD liquidity behind it. Log-linear, because
 * the cost of moving a constant-product price grows with depth and pools span orders of magnitude:
 *
 * `L < min: 0`; otherwise `min(0.99, 0.5 + 0.49 * log10(L / min) / log10(full / min))`
 *
 * With the defaults ($10k, $1M): $10k -> 0.5, $100k -> 0.745, $1M and up -> 0.99.
 * @throws {InvalidNumberError} for a negative liquidity or `full <= min`.
 */
export function getLiquidityConfidence(liquidityUsd: number, options: LiquidityConfidenceOptions = {}): number {
  const { minLiquidityUsd = 10_000, fullConfidenceLiquidityUsd = 1_000_000 } = options;
  assertNonNegativeNumber('liquidityUsd', liquidityUsd);
  if (!(minLiquidityUsd > 0 && fullConfidenceLiquidityUsd > minLiquidityUsd)) {
    throw new InvalidNumberError('fullConfidenceLiquidityUsd', fullConfidenceLiquidityUsd, '> minLiquidityUsd > 0');
  }
  if (liquidityUsd < minLiquidityUsd) return 0;
  const span = Math.log10(fullConfidenceLiquidityUsd / minLiquidityUsd);
  return Math.min(MAX_CONFIDENCE, 0.5 + (0.49 * Math.log10(liquidityUsd / minLiquidityUsd)) / span);
}
