import { describe, expect, it } from 'vitest';
import { buildCandles } from './buildCandles.js';
import { UnorderedSeriesError } from './errors.js';

const H = 3_600;
const sample = (timestampSec: number, priceUsd: number) => ({ timestampSec, priceUsd });
const prices = [
  sample(0, 100), sample(600, 105), sample(1200, 98), sample(3000, 101),
  sample(H + 10, 101), sample(H + 20, 99),
  sample(3 * H + 1, 110), sample(3 * H + 1, 112),
];

describe('buildCandles()', () => {
  it('takes open, high, low and close of each bucket in time order', () => {
    expect(buildCandles({ points: prices, interval: 'hour' })).toEqual([
      { timestampSec: 0, open: 100, high: 105, low: 98, close: 101, count: 4 },
      { timestampSec: H, open: 101, high: 101, low: 99, close: 99, count: 2 },
      { timestampSec: 3 * H, open: 110, high: 112, low: 110, close: 112, count: 2 },
    ]);
  });

  it('fills empty buckets with flat candles at the previous close when asked', () => {
    expect(buildCandles({ points: prices, interval: 'hour', fillGaps: true })[2]).toEqual({ timestampSec: 2 * H, open: 99, high: 99, low: 99, close: 99, count: 0 });
    expect(buildCandles({ points: prices, interval: 'hour', fromSec: 5 * H, toSec: 5 * H, fillGaps: true })).toEqual([
      { timestampSec: 5 * H, open: 112, high: 112, low: 112, close: 112, count: 0 },
    ]);
  });

  it('makes one daily candle of the whole series', () => {
    expect(buildCandles({ points: prices, interval: 'day' })).toEqual([{ timestampSec: 0, open: 100, high: 112, low: 98, close: 112, count: 8 }]);
  });

  it('handles a bucket with more samples than the argument limit of Math.max', () => {
    const many = Array.from({ length: 200_000 }, (_, i) => sample(1, i % 1000));
    expect(buildCandles({ points: many, interval: 'hour' })[0]).toMatchObject({ high: 999, low: 0, close: 999 });
  });

  it('rejects samples out of time order', () => {
    expect(() => buildCandles({ points: [sample(10, 1), sample(5, 1)], interval: 'hour' })).toThrow(UnorderedSeriesError);
  });
});
