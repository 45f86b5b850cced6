import { describe, expect, it } from 'vitest';
import { InvalidNumberError } from './errors.js';
import { DEFAULT_PRICING_OPTIONS, resolvePricingOptions } from './resolvePricingOptions.js';

describe('resolvePricingOptions()', () => {
  it('fills the documented defaults', () => {
    expect(resolvePricingOptions()).toEqual({
      oracleMaxAgeSec: 3600,
      minLiquidityUsd: 10_000,
      fullConfidenceLiquidityUsd: 1_000_000,
      maxHops: 3,
      maxDeviation: 0.1,
      stableDepegTolerance: 0.02,
      oracleMaxDeviation: 0.25,
    });
    expect(resolvePricingOptions({ maxHops: 1, minLiquidityUsd: undefined })).toEqual({ ...DEFAULT_PRICING_OPTIONS, maxHops: 1 });
  });

  it.each([{ maxHops: 1.5 }, { maxDeviation: -0.1 }, { minLiquidityUsd: 0 }, { oracleMaxAgeSec: Number.NaN }, { fullConfidenceLiquidityUsd: 5_000 }, { oracleMaxDeviation: -1 }])(
    'rejects %o',
    (options) => {
      expect(() => resolvePricingOptions(options)).toThrow(InvalidNumberError);
    },
  );
});
