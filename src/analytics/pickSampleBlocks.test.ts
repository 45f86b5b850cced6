import { describe, expect, it } from 'vitest';
import { InvalidNumberError, UnorderedSeriesError } from './errors.js';
import { pickSampleBlocks } from './pickSampleBlocks.js';

const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

describe('pickSampleBlocks()', () => {
  it.each([
    ['no blocks', [], 12, []],
    ['fewer blocks than samples: all of them', [5, 9, 11], 12, [5, 9, 11]],
    ['300 consecutive blocks: 12 evenly spaced, first and last included', range(1, 300), 12, [1, 28, 55, 83, 110, 137, 164, 191, 218, 246, 273, 300]],
    ['sparse blocks: the last stored block at or before each target', [10, 11, 12, 13, 50, 90, 100], 3, [10, 50, 100]],
    ['targets falling between the same stored blocks once', [1, 2, 3, 4, 1000], 4, [1, 4, 1000]],
  ])('%s', (_name, blocks, max, expected) => {
    expect(pickSampleBlocks(blocks, max)).toEqual(expected);
  });

  it('always starts at the first block and ends at the last', () => {
    const samples = pickSampleBlocks(range(100, 399), 7);
    expect(samples[0]).toBe(100);
    expect(samples[samples.length - 1]).toBe(399);
    expect(samples).toHaveLength(7);
  });

  it('rejects fewer than 2 samples and unsorted blocks', () => {
    expect(() => pickSampleBlocks([1, 2], 1)).toThrow(InvalidNumberError);
    expect(() => pickSampleBlocks([2, 1], 4)).toThrow(UnorderedSeriesError);
  });
});
