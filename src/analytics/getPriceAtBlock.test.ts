import { describe, expect, it } from 'vitest';
import { getPriceAtBlock } from './getPriceAtBlock.js';

describe('getPriceAtBlock()', () => {
  const points = [
    { blockNumber: 10, priceUsd: 1 },
    { blockNumber: 20, priceUsd: 2 },
    { blockNumber: 20, priceUsd: 2.5 },
    { blockNumber: 30, priceUsd: 3 },
  ];

  it.each([
    [9, null],
    [10, 1],
    [19, 1],
    [20, 2.5],
    [29, 2.5],
    [30, 3],
    [1_000_000, 3],
  ])('at block %i the price is %s', (blockNumber, expected) => {
    expect(getPriceAtBlock(points, blockNumber)).toBe(expected);
  });

  it('has no price without history', () => {
    expect(getPriceAtBlock([], 5)).toBeNull();
  });
});
