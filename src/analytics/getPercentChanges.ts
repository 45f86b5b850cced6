import { assertNonNegativeNumber } from './assertNonNegativeNumber.js';
import { UnorderedSeriesError } from './errors.js';

/** A value (TVL, price...) at a time. */
export interface ValuePoint {
  timestampSec: number;
  value: number;
}

/** Percent changes, DefiLlama's `change_1d` / `change_7d` / `change_1m`. */
export interface PercentChanges {
  /** The value now: `currentValue` if given, else the last point at or before `nowSec`. */
  current: number | null;
  change1d: number | null;
  change7d: number | null;
  change1m: number | null;
}

/** Options of {@link getPercentChanges}. */
export interface PercentChangesOptions {
  /** The live value, when it is fresher than the last snapshot. */
  currentValue?: number;
  /** How much older than `now - period` the earlier snapshot may be. Default 86,400 (one daily snapshot). */
  toleranceSec?: number;
}

const PERIODS_SEC = { change1d: 86_400, change7d: 7 * 86_400, change1m: 30 * 86_400 } as const;

/** Last point with `timestampSec <= atSec`, by binary search over an ascending series. */
function lastAtOrBefore(points: readonly ValuePoint[], atSec: number): ValuePoint | undefined {
  let low = 0;
  let high = points.length - 1;
  let found: ValuePoint | undefined;
  while (low <= high) {
    const middle = (low + high) >> 1;
    const point = points[middle];
    if (point && point.timestampSec <= atSec) {
      found = point;
      low = middle + 1;
    } else high = middle - 1;
  }
  return found;
}

/**
 * Percent change of a value against the snapshot 1 day, 7 days and 30 days before `nowSec`:
 * `(current - previous) / previous * 100`. The previous value is the last snapshot at or before `now - period`, and
 * no older than `toleranceSec` beyond it. DefiLlama semantics: null when there is no such snapshot (no history),
 * when it is 0, or when there is no current value.
 * @param points Ascending by `timestampSec`.
 * @throws {UnorderedSeriesError} for an unordered series; {InvalidNumberError} for a bad `nowSec` or tolerance.
 */
export function getPercentChanges(points: readonly ValuePoint[], nowSec: number, options: PercentChangesOptions = {}): PercentChanges {
  assertNonNegativeNumber('nowSec', nowSec);
  const toleranceSec = options.toleranceSec ?? 86_400;
  assertNonNegativeNumber('toleranceSec', toleranceSec);
  points.forEach((point, index) => {
    if (index > 0 && point.timestampSec < (points[index - 1]?.timestampSec ?? 0)) throw new UnorderedSeriesError('points', index);
  });
  const current = options.currentValue ?? lastAtOrBefore(points, nowSec)?.value ?? null;
  const change = (periodSec: number): number | null => {
    const targetSec = nowSec - periodSec;
    const previous = lastAtOrBefore(points, targetSec);
    if (current === null || !previous || previous.timestampSec < targetSec - toleranceSec || previous.value === 0) return null;
    return ((current - previous.value) / previous.value) * 100;
  };
  return {
    current,
    change1d: change(PERIODS_SEC.change1d),
    change7d: change(PERIODS_SEC.change7d),
    change1m: change(PERIODS_SEC.change1m),
  };
}
