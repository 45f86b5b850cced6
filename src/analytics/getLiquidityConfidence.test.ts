import { describe, expect, it } from 'vitest';
import { InvalidNumberError } from './errors.js';
import { getLiquidityConfidence } from './getLiquidityConfidence.js';

describe('getLiquidityConfidence()', () => {
  it.each([
    [0, 0],
    [500, 0],
    [9_999, 0],
    [10_000, 0.5],
    [100_000, 0.745],
    [1_000_000, 0.99],
    [50_000_000, 0.99],
  ])('gives $%d of liquidity a confidence of %d', (liquidityUsd, expected) => {
    expect(getLiquidityConfidence(liquidityUsd)).toBeCloseTo(expected, 12);
  });

  it('never decreases with liquidity', () => {
    let previous = 0;
    for (let liquidityUsd = 1_000; liquidityUsd < 1e8; liquidityUsd *= 1.3) {
      const confidence = getLiquidityConfidence(liquidityUsd);
      expect(confidence).toBeGreaterThanOrEqual(previous);
      previous = confidence;
    }
  });

  it('follows its thresholds', () => {
    expect(getLiquidityConfidence(1_000, { minLiquidityUsd: 1_000, fullConfidenceLiquidityUsd: 100_000 })).toBe(0.5);
    expect(getLiquidityConfidence(100_000, { minLiquidityUsd: 1_000, fullConfidenceLiquidityUsd: 100_000 })).toBeCloseTo(0.99, 12);
  });

  it.each([
    [-1, {}],
    [Number.NaN, {}],
    [1, { minLiquidityUsd: 10, fullConfidenceLiquidityUsd: 10 }],
    [1, { minLiquidityUsd: 0 }],
  ])('rejects liquidity %d with %o', (liquidityUsd, options) => {
    expect(() => getLiquidityConfidence(liquidityUsd, options)).toThrow(InvalidNumberError);
  });
});
