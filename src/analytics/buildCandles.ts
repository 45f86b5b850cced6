import { bucketize, type SeriesRange } from './bucketize.js';
import type { SeriesInterval } from './types.js';

/** A price at a time. */
export interface PriceSample {
  timestampSec: number;
  priceUsd: number;
}

/** One OHLC candle. */
export interface Candle {
  /** Bucket start (UTC-aligned). */
  timestampSec: number;
  open: number;
  high: number;
  low: number;
  close: number;
  /** Samples in the bucket; 0 for a gap-filled candle. */
  count: number;
}

/** Parameters of {@link buildCandles}. */
export interface BuildCandlesParameters extends SeriesRange {
  /** Prices, ascending by time (ties keep their order: the later one closes). */
  points: readonly PriceSample[];
  interval: SeriesInterval;
  /** Emit flat candles (open = high = low = close = previous close, count 0) for empty buckets. Default false. */
  fillGaps?: boolean;
}

/**
 * OHLC candles from a time-ordered price series: open = first sample in the bucket, close = last, high/low =
 * extremes. Empty buckets are skipped unless `fillGaps`.
 * @throws what `bucketize` throws (unordered points, inverted or oversized range).
 */
export function buildCandles({ points, interval, fromSec, toSec, fillGaps = false }: BuildCandlesParameters): Candle[] {
  const { before, buckets } = bucketize(points, interval, { fromSec, toSec });
  const candles: Candle[] = [];
  let previousClose = before?.priceUsd;
  for (const { timestampSec, items } of buckets) {
    const [first] = items;
    if (!first) {
      if (fillGaps && previousClose !== undefined) {
        candles.push({ timestampSec, open: previousClose, high: previousClose, low: previousClose, close: previousClose, count: 0 });
      }
      continue;
    }
    // reduce, not Math.max(...prices): a busy bucket could exceed the argument limit.
    const high = items.reduce((max, item) => Math.max(max, item.priceUsd), first.priceUsd);
    const low = items.reduce((min, item) => Math.min(min, item.priceUsd), first.priceUsd);
    const close = items[items.length - 1]?.priceUsd ?? first.priceUsd;
    candles.push({ timestampSec, open: first.priceUsd, high, low, close, count: items.length });
    previousClose = close;
  }
  return candles;
}
