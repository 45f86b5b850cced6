import { bucketize, type SeriesRange } from './bucketize.js';
import type { ValuePoint } from './getPercentChanges.js';
import type { SeriesInterval } from './types.js';

/** Parameters of {@link buildSnapshotSeries}. */
export interface BuildSnapshotSeriesParameters extends SeriesRange {
  /** Snapshots (TVL, reserves...), ascending by time. */
  points: readonly ValuePoint[];
  interval: SeriesInterval;
  /** Carry the last value into buckets without a snapshot (a value that did not change). Default true. */
  fillGaps?: boolean;
}

/**
 * An hourly or daily series of snapshot values: the last value in each bucket, stamped with the bucket start.
 * With `fillGaps` (default), empty buckets repeat the previous value, including one from before `fromSec`;
 * buckets before the first known value are omitted.
 * @throws what `bucketize` throws (unordered points, inverted or oversized range).
 */
export function buildSnapshotSeries({ points, interval, fromSec, toSec, fillGaps = true }: BuildSnapshotSeriesParameters): ValuePoint[] {
  const { before, buckets } = bucketize(points, interval, { fromSec, toSec });
  const series: ValuePoint[] = [];
  let carried = fillGaps ? before?.value : undefined;
  for (const bucket of buckets) {
    const lastItem = bucket.items[bucket.items.length - 1];
    if (lastItem) carried = lastItem.value;
    else if (!fillGaps) continue;
    if (carried !== undefined) series.push({ timestampSec: bucket.timestampSec, value: carried });
  }
  return series;
}
