import { describe, expect, it } from 'vitest';
import { buildVolumeSeries } from './buildVolumeSeries.js';
import { InvalidTimeRangeError } from './errors.js';

const D = 86_400;
const swap = (timestampSec: number, volumeUsd: number) => ({ timestampSec, volumeUsd, feesUsd: volumeUsd * 0.003 });
const swaps = [swap(100, 1_000), swap(5_000, 500), swap(2 * D + 1, 250)];

describe('buildVolumeSeries()', () => {
  it('sums volume, fees and swaps per bucket, zero where nothing traded', () => {
    const series = buildVolumeSeries({ swaps, interval: 'day' });
    expect(series.map((b) => [b.timestampSec, b.volumeUsd, b.swapCount])).toEqual([[0, 1_500, 2], [D, 0, 0], [2 * D, 250, 1]]);
    expect(series[0]?.feesUsd).toBeCloseTo(4.5, 12);
  });

  it('equals the total volume of the window', () => {
    const series = buildVolumeSeries({ swaps, interval: 'hour', fromSec: 0, toSec: 3 * D });
    expect(series).toHaveLength(3 * 24 + 1);
    expect(series.reduce((sum, b) => sum + b.volumeUsd, 0)).toBe(1_750);
  });

  it('leaves empty buckets out when asked', () => {
    expect(buildVolumeSeries({ swaps, interval: 'day', fillGaps: false }).map((b) => b.timestampSec)).toEqual([0, 2 * D]);
  });

  it('rejects an inverted window', () => {
    expect(() => buildVolumeSeries({ swaps, interval: 'day', fromSec: D, toSec: 0 })).toThrow(InvalidTimeRangeError);
  });
});
