import { assertNonNegativeNumber } from './assertNonNegativeNumber.js';
import { InvalidNumberError } from './errors.js';

/** Tuning of `priceTokens()`; every field is optional and documents its default. */
export interface PriceTokensOptions {
  /** An oracle answer older than this is stale and ignored (unless the answer sets `maxAgeSec`). Default 3600. */
  oracleMaxAgeSec?: number;
  /** A pool quote counts only when its quote side holds at least this much USD. Default 10,000. */
  minLiquidityUsd?: number;
  /** USD depth at which liquidity confidence reaches its 0.99 cap. Default 1,000,000. */
  fullConfidenceLiquidityUsd?: number;
  /** Pools a route may cross from the nearest anchor (oracle token, stablecoin, wrapped native). Default 3. */
  maxHops?: number;
  /** A quote deviating more than this fraction from the weighted median of the others is dropped. Default 0.1. */
  maxDeviation?: number;
  /** A stablecoin whose pools imply a price within this fraction of its anchor keeps full confidence. Default 0.02. */
  stableDepegTolerance?: number;
  /** An oracle answer its pools contradict by more than this fraction is not used (see `priceTokens`). Default 0.25. */
  oracleMaxDeviation?: number;
}

/** Every option filled in. */
export type ResolvedPricingOptions = Required<PriceTokensOptions>;

/** The defaults of {@link PriceTokensOptions}. */
export const DEFAULT_PRICING_OPTIONS: ResolvedPricingOptions = {
  oracleMaxAgeSec: 3_600,
  minLiquidityUsd: 10_000,
  fullConfidenceLiquidityUsd: 1_000_000,
  maxHops: 3,
  maxDeviation: 0.1,
  stableDepegTolerance: 0.02,
  oracleMaxDeviation: 0.25,
};

/**
 * Fills defaults into pricing options and validates them.
 * @throws {InvalidNumberError} for a negative/non-finite value, a non-integer `maxHops`, a `minLiquidityUsd` of 0,
 *   or a `fullConfidenceLiquidityUsd` not above `minLiquidityUsd`.
 */
export function resolvePricingOptions(options: PriceTokensOptions = {}): ResolvedPricingOptions {
  const resolved = { ...DEFAULT_PRICING_OPTIONS };
  for (const [name, value] of Object.entries(options) as [keyof PriceTokensOptions, number | undefined][]) {
    if (value === undefined) continue;
    assertNonNegativeNumber(name, value);
    resolved[name] = value;
  }
  if (!Number.isInteger(resolved.maxHops)) throw new InvalidNumberError('maxHops', resolved.maxHops, 'an integer');
  if (resolved.minLiquidityUsd <= 0) throw new InvalidNumberError('minLiquidityUsd', resolved.minLiquidityUsd, '> 0');
  if (resolved.fullConfidenceLiquidityUsd <= resolved.minLiquidityUsd) {
    throw new InvalidNumberError('fullConfidenceLiquidityUsd', resolved.fullConfidenceLiquidityUsd, '> minLiquidityUsd');
  }
  return resolved;
}
