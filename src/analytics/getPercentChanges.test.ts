import { describe, expect, it } from 'vitest';
import { InvalidNumberError, UnorderedSeriesError } from './errors.js';
import { getPercentChanges } from './getPercentChanges.js';

const NOW = 1_700_000_000;
const DAY = 86_400;
const at = (daysAgo: number, value: number) => ({ timestampSec: NOW - daysAgo * DAY, value });

describe('getPercentChanges()', () => {
  it.each([
    ['no history at all', [], { current: null, change1d: null, change7d: null, change1m: null }],
    ['only a current value', [at(0, 100)], { current: 100, change1d: null, change7d: null, change1m: null }],
    ['a day of history', [at(1, 80), at(0, 100)], { current: 100, change1d: 25, change7d: null, change1m: null }],
    ['a week of daily snapshots', [at(7, 200), at(2, 90), at(1, 80), at(0, 100)], { current: 100, change1d: 25, change7d: -50, change1m: null }],
    ['a month of history', [at(30, 50), at(7, 200), at(1, 100), at(0, 100)], { current: 100, change1d: 0, change7d: -50, change1m: 100 }],
    ['an earlier value of 0', [at(1, 0), at(0, 100)], { current: 100, change1d: null, change7d: null, change1m: null }],
    ['a snapshot a few hours older than 1d', [at(1.25, 50), at(0, 100)], { current: 100, change1d: 100, change7d: null, change1m: null }],
    ['only a snapshot far older than 1d', [at(3, 50), at(0, 100)], { current: 100, change1d: null, change7d: null, change1m: null }],
    ['a future snapshot (ignored)', [at(1, 50), at(-1, 999)], { current: 50, change1d: 0, change7d: null, change1m: null }],
  ])('%s', (_name, points, expected) => {
    expect(getPercentChanges(points, NOW)).toEqual(expected);
  });

  it('compares a live value when given one', () => {
    expect(getPercentChanges([at(1, 100), at(0.5, 100)], NOW, { currentValue: 110 }).change1d).toBeCloseTo(10, 12);
  });

  it('honours the tolerance', () => {
    expect(getPercentChanges([at(1.5, 50), at(0, 100)], NOW, { toleranceSec: 3_600 }).change1d).toBeNull();
  });

  it('rejects unordered points and a bad now', () => {
    expect(() => getPercentChanges([at(0, 1), at(1, 1)], NOW)).toThrow(UnorderedSeriesError);
    expect(() => getPercentChanges([], -1)).toThrow(InvalidNumberError);
  });
});
