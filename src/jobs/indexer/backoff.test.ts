import { describe, expect, it } from 'vitest';
import { backoffDelayMs } from './backoff.js';

describe('backoffDelayMs()', () => {
  it.each([
    [1, 0, 125],
    [1, 1, 250],
    [3, 1, 1000],
    [20, 1, 10_000],
    [20, 0, 5000],
  ])('attempt %i with random %d gives %i ms', (attempt, r, expected) => {
    expect(backoffDelayMs(attempt, 250, 10_000, () => r)).toBe(expected);
  });
});
