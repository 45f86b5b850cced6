import { describe, expect, it } from 'vitest';
import { buildSnapshotSeries } from './buildSnapshotSeries.js';
import { InvalidTimeRangeError } from './errors.js';

const H = 3_600;
const D = 86_400;
const points = [
  { timestampSec: 10, value: 1 },
  { timestampSec: 20, value: 2 },
  { timestampSec: 3 * H + 5, value: 5 },
  { timestampSec: 3 * H + 50, value: 6 },
];

describe('buildSnapshotSeries()', () => {
  it.each([
    ['hourly, gaps carried forward', { interval: 'hour' as const }, [[0, 2], [H, 2], [2 * H, 2], [3 * H, 6]]],
    ['hourly, gaps left out', { interval: 'hour' as const, fillGaps: false }, [[0, 2], [3 * H, 6]]],
    ['daily', { interval: 'day' as const }, [[0, 6]]],
    ['a range starting after the data carries the last value in', { interval: 'hour' as const, fromSec: 5 * H, toSec: 6 * H }, [[5 * H, 6], [6 * H, 6]]],
    ['a range starting before the data omits buckets without a value', { interval: 'hour' as const, fromSec: 0, toSec: H }, [[0, 2], [H, 2]]],
    ['a range that ends early drops later points', { interval: 'day' as const, fromSec: 0, toSec: 0 }, [[0, 6]]],
    ['no points', { interval: 'day' as const, fromSec: D, toSec: 2 * D, points: [] }, []],
  ])('%s', (_name, parameters, expected) => {
    expect(buildSnapshotSeries({ points, ...parameters }).map((p) => [p.timestampSec, p.value])).toEqual(expected);
  });

  it('rejects an inverted window', () => {
    expect(() => buildSnapshotSeries({ points, interval: 'hour', fromSec: 2 * H, toSec: H })).toThrow(InvalidTimeRangeError);
  });
});
