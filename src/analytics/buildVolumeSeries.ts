import { bucketize, type SeriesRange } from './bucketize.js';
import type { SeriesInterval } from './types.js';

/** One bucket of volume. */
export interface VolumeBucket {
  timestampSec: number;
  volumeUsd: number;
  feesUsd: number;
  swapCount: number;
}

/** Parameters of {@link buildVolumeSeries}. */
export interface BuildVolumeSeriesParameters extends SeriesRange {
  /** Valued swaps (`priceSwaps()` output fits), ascending by time. */
  swaps: readonly { timestampSec: number; volumeUsd: number; feesUsd: number }[];
  interval: SeriesInterval;
  /** Emit zero buckets where nothing traded. Default true. */
  fillGaps?: boolean;
}

/**
 * Hourly or daily volume and fees: the sums of the swaps in each bucket, stamped with the bucket start.
 * @throws what `bucketize` throws (unordered swaps, inverted or oversized range).
 */
export function buildVolumeSeries({ swaps, interval, fromSec, toSec, fillGaps = true }: BuildVolumeSeriesParameters): VolumeBucket[] {
  const { buckets } = bucketize(swaps, interval, { fromSec, toSec });
  return buckets
    .filter((bucket) => fillGaps || bucket.items.length > 0)
    .map(({ timestampSec, items }) => ({
      timestampSec,
      volumeUsd: items.reduce((sum, swap) => sum + swap.volumeUsd, 0),
      feesUsd: items.reduce((sum, swap) => sum + swap.feesUsd, 0),
      swapCount: items.length,
    }));
}
