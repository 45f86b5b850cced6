import { describe, expect, it } from 'vitest';
import { aggregateQuotes, type PriceQuote } from './aggregateQuotes.js';
import { DEFAULT_PRICING_OPTIONS } from './resolvePricingOptions.js';

const quote = (pool: string, priceUsd: number, weightUsd: number, quoteConfidence = 0.99): PriceQuote => ({
  pool,
  quoteKey: '1:0xquote',
  priceUsd,
  weightUsd,
  quoteConfidence,
  blockNumber: 1,
});

describe('aggregateQuotes()', () => {
  it('weights prices by the USD depth of their quote side', () => {
    const result = aggregateQuotes([quote('a', 100, 3_000_000), quote('b', 104, 1_000_000)], DEFAULT_PRICING_OPTIONS);
    expect(result).toMatchObject({ priceUsd: 101, liquidityUsd: 4_000_000 });
    expect('priceUsd' in result && result.quotes.map((q) => q.pool)).toEqual(['a', 'b']);
  });

  it('multiplies liquidity confidence by the quote tokens\' confidence', () => {
    const result = aggregateQuotes([quote('a', 1, 100_000, 0.5)], DEFAULT_PRICING_OPTIONS);
    expect('confidence' in result && result.confidence).toBeCloseTo(0.745 * 0.5, 12);
  });

  it.each([
    ['every pool is below $10k', [quote('a', 1, 250), quote('b', 1, 9_999)], 'lowLiquidity'],
    ['no quote', [], 'lowLiquidity'],
    ['two equally deep pools disagree by 50%', [quote('a', 100, 1_000_000), quote('b', 150, 1_000_000)], 'outlier'],
  ])('rejects when %s', (_name, quotes, reason) => {
    expect(aggregateQuotes(quotes, DEFAULT_PRICING_OPTIONS)).toEqual({ reason });
  });

  it.each([
    ['a thin pool 3x off the deep one', [quote('deep', 100, 2_000_000), quote('thin', 300, 20_000)], ['deep'], 100],
    ['a thin pool among three agreeing', [quote('a', 100, 500_000), quote('b', 101, 500_000), quote('thin', 40, 30_000)], ['a', 'b'], 100.5],
    ['a pool 9% off is kept', [quote('a', 100, 1_000_000), quote('b', 109, 1_000_000)], ['a', 'b'], 104.5],
  ])('drops manipulated quotes: %s', (_name, quotes, pools, priceUsd) => {
    const result = aggregateQuotes(quotes, DEFAULT_PRICING_OPTIONS);
    expect('priceUsd' in result && result.quotes.map((q) => q.pool).sort()).toEqual(pools);
    expect('priceUsd' in result && result.priceUsd).toBeCloseTo(priceUsd, 9);
  });
});
