import { assertNonNegativeNumber } from './assertNonNegativeNumber.js';
import { assertTimeRange } from './assertTimeRange.js';
import { UnorderedSeriesError } from './errors.js';
import { getIntervalSeconds } from './getIntervalSeconds.js';
import type { SeriesInterval } from './types.js';

/** A time range of a series, in unix seconds; both ends optional (default: the first / last item). */
export interface SeriesRange {
  fromSec?: number;
  toSec?: number;
}

/** Items grouped into consecutive UTC-aligned buckets. */
export interface Buckets<T> {
  /** The last item before the first bucket, to carry a value forward into it. */
  before: T | undefined;
  /** Every bucket from the range's first to its last, empty ones included, ascending. */
  buckets: { timestampSec: number; items: T[] }[];
}

/**
 * Groups time-ordered items into consecutive buckets of `interval` (start = `floor(t / size) * size`), from the
 * bucket of `fromSec` (or of the first item) to the bucket of `toSec` (or of the last item). Items after the last
 * bucket are dropped; the last item before the first bucket is returned as `before`.
 * @throws {UnorderedSeriesError} when items go back in time; {InvalidTimeRangeError} for an inverted range or one
 *   over `MAX_SERIES_BUCKETS` buckets; {InvalidNumberError} for a bad timestamp.
 */
export function bucketize<T extends { timestampSec: number }>(items: readonly T[], interval: SeriesInterval, range: SeriesRange = {}): Buckets<T> {
  const size = getIntervalSeconds(interval);
  items.forEach((item, index) => {
    assertNonNegativeNumber('timestampSec', item.timestampSec);
    if (index > 0 && item.timestampSec < (items[index - 1]?.timestampSec ?? 0)) throw new UnorderedSeriesError('series', index);
  });
  const fromSec = range.fromSec ?? items[0]?.timestampSec;
  const toSec = range.toSec ?? Math.max(items[items.length - 1]?.timestampSec ?? 0, fromSec ?? 0);
  if (fromSec === undefined || toSec === undefined) return { before: undefined, buckets: [] };
  const first = Math.floor(fromSec / size) * size;
  const last = Math.floor(toSec / size) * size;
  assertTimeRange(first, last, size);
  const buckets: Buckets<T>['buckets'] = [];
  for (let start = first; start <= last; start += size) buckets.push({ timestampSec: start, items: [] });
  let before: T | undefined;
  for (const item of items) {
    if (item.timestampSec < first) before = item;
    else if (item.timestampSec < last + size) buckets[Math.floor((item.timestampSec - first) / size)]?.items.push(item);
  }
  return { before, buckets };
}
