import { describe, expect, it } from 'vitest';
import { valueSwapUsd } from './valueSwapUsd.js';

const usdc = { decimals: 6, priceUsd: 1 };
const weth = { decimals: 18, priceUsd: 3000 };
const unpriced = { decimals: 18, priceUsd: null };

describe('valueSwapUsd()', () => {
  it.each([
    { what: 'both sides priced: their mean', amount0: 3000_000000n, amount1: -(10n ** 18n), t0: usdc, t1: weth, usd: 3000 },
    { what: 'sides that disagree: the mean', amount0: -2000_000000n, amount1: 10n ** 18n, t0: usdc, t1: weth, usd: 2500 },
    { what: 'only token0 priced: that side', amount0: 5_000000n, amount1: -123n, t0: usdc, t1: unpriced, usd: 5 },
    { what: 'only token1 priced: that side', amount0: 77n, amount1: -(5n * 10n ** 17n), t0: unpriced, t1: weth, usd: 1500 },
    { what: 'unknown decimals count as unpriced', amount0: 77n, amount1: -(10n ** 18n), t0: { decimals: null, priceUsd: 1 }, t1: weth, usd: 3000 },
  ])('$what', ({ amount0, amount1, t0, t1, usd }) => {
    expect(valueSwapUsd(amount0, amount1, t0, t1)).toBeCloseTo(usd, 9);
  });

  it('is null when neither side is priced', () => {
    expect(valueSwapUsd(1n, -1n, unpriced, { decimals: 6, priceUsd: null })).toBeNull();
  });
});
