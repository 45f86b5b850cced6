import { describe, expect, it } from 'vitest';
import { applySwap, getAmountOut, positionAmounts, quoteExactIn, quoteToPrice, rawPrice, rawPriceToSqrtPriceX96, scaleAmount, toRawPrice, virtualPoolV2, virtualPoolV3 } from './poolMath.js';

const ETH = 10n ** 18n;
const USDC = 10n ** 6n;

describe('pool math', () => {
  it('quoteExactIn() matches Uniswap V2 getAmountOut on a V2 pair', () => {
    const pool = virtualPoolV2(1_000n * ETH, 3_000_000n * USDC);
    const exact = getAmountOut(10n * ETH, 1_000n * ETH, 3_000_000n * USDC);
    const quoted = quoteExactIn(pool, true, 10n * ETH);
    expect(Number(quoted - exact)).toBeLessThan(Number(exact) * 1e-12 + 2);
  });

  it('a V3 pool at 3000 USDC/ETH has virtual reserves at that price', () => {
    const price = toRawPrice(3000, 18, 6);
    const pool = virtualPoolV3(rawPriceToSqrtPriceX96(price), 10n ** 18n, 500);
    expect(rawPrice(pool) / price).toBeCloseTo(1, 9);
    expect(pool.fee).toBe(0.0005);
  });

  it.each([
    ['up', 3300],
    ['down', 2700],
  ])('quoteToPrice() moves the price %s to the target', (_, target) => {
    const pool = virtualPoolV3(rawPriceToSqrtPriceX96(toRawPrice(3000, 18, 6)), 10n ** 18n, 3000);
    const quote = quoteToPrice(pool, toRawPrice(target, 18, 6))!;
    expect(quote.zeroForOne).toBe(target < 3000);
    const after = applySwap(pool, quote.zeroForOne, quote.amountIn);
    expect(rawPrice(after) / toRawPrice(target, 18, 6)).toBeCloseTo(1, 6);
    expect(Number(quoteExactIn(pool, quote.zeroForOne, quote.amountIn)) / Number(quote.amountOut)).toBeCloseTo(1, 6);
  });

  it('quoteToPrice() is undefined for an empty pool or the current price', () => {
    expect(quoteToPrice(virtualPoolV2(0n, 0n), 1)).toBeUndefined();
    expect(quoteToPrice(virtualPoolV2(100n, 100n), 1)).toBeUndefined();
  });

  it('scaleAmount() takes a fraction of an amount', () => {
    expect(scaleAmount(1_000_000n, 0.25)).toBe(250_000n);
    expect(scaleAmount(3n * ETH, 0)).toBe(0n);
  });
});

describe('positionAmounts()', () => {
  it('holds both tokens in range and one token outside it', () => {
    const sqrtPriceX96 = rawPriceToSqrtPriceX96(1); // tick 0
    const inRange = positionAmounts(10n ** 18n, sqrtPriceX96, -600, 600);
    expect(Number(inRange.amount0) / Number(inRange.amount1)).toBeCloseTo(1, 3);
    expect(positionAmounts(10n ** 18n, sqrtPriceX96, 600, 1200)).toMatchObject({ amount1: 0n });
    expect(positionAmounts(10n ** 18n, sqrtPriceX96, -1200, -600)).toMatchObject({ amount0: 0n });
  });
});
