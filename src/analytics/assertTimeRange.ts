import { assertNonNegativeNumber } from './assertNonNegativeNumber.js';
import { InvalidTimeRangeError } from './errors.js';

/** Most buckets a series may span (10 years of hours is 87,600): bounds memory for client-chosen ranges. */
export const MAX_SERIES_BUCKETS = 100_000;

/**
 * Asserts that `fromSec..toSec` is a valid, non-inverted range of unix seconds and, when `bucketSec` is given,
 * that it spans at most {@link MAX_SERIES_BUCKETS} buckets.
 * @throws {InvalidNumberError} for a negative or non-finite bound.
 * @throws {InvalidTimeRangeError} when `fromSec > toSec` or the range has too many buckets.
 */
export function assertTimeRange(fromSec: number, toSec: number, bucketSec?: number): void {
  assertNonNegativeNumber('fromSec', fromSec);
  assertNonNegativeNumber('toSec', toSec);
  if (fromSec > toSec) throw new InvalidTimeRangeError(fromSec, toSec);
  if (bucketSec !== undefined && (toSec - fromSec) / bucketSec + 1 > MAX_SERIES_BUCKETS) {
    throw new InvalidTimeRangeError(fromSec, toSec, `more than ${String(MAX_SERIES_BUCKETS)} buckets`);
  }
}
