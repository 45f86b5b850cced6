import { describe, expect, it } from 'vitest';
import { weightedMedian } from './weightedMedian.js';

describe('weightedMedian()', () => {
  it.each([
    ['nothing', [], null],
    ['one value', [{ value: 5, weight: 1 }], 5],
    ['equal weights, odd count', [{ value: 3, weight: 1 }, { value: 1, weight: 1 }, { value: 2, weight: 1 }], 2],
    ['equal weights, even count', [{ value: 1, weight: 1 }, { value: 3, weight: 1 }], 2],
    ['a heavy value wins', [{ value: 100, weight: 2_000_000 }, { value: 300, weight: 20_000 }, { value: 50, weight: 20_000 }], 100],
    ['zero weights are ignored', [{ value: 1, weight: 0 }, { value: 7, weight: 3 }], 7],
    ['all weights zero', [{ value: 1, weight: 0 }], null],
  ])('%s', (_name, items, expected) => {
    expect(weightedMedian(items)).toBe(expected);
  });
});
