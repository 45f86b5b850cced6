import { describe, expect, it } from 'vitest';
import { formatUnits } from './formatUnits.js';
import { unitsToNumber } from './unitsToNumber.js';

describe('unitsToNumber()', () => {
  it.each([
    [1_500_000n, 6, 1.5],
    [0n, 18, 0],
    [7n, 0, 7],
    [-25n, 1, -2.5],
    [35132165820280149733n, 18, Number('35.132165820280149733')],
    // The nearest double to 0.1 ETH, not 0.1 + rounding noise from dividing two doubles.
    [100000000000000000n, 18, 0.1],
  ])('converts %s with %i decimals to %d', (value, decimals, expected) => {
    expect(unitsToNumber(value, decimals)).toBe(expected);
  });

  it('is the correctly rounded double for amounts beyond 2^53 base units', () => {
    expect(unitsToNumber(2n ** 53n + 1n, 0)).toBe(2 ** 53);
    expect(unitsToNumber(123456789012345678901234567n, 18)).toBe(Number('123456789.012345678901234567'));
  });

  it('takes the fast path only where it equals the exact decimal route', () => {
    const values = [1n, 3n, 7n, 123456789n, 2n ** 53n, -(2n ** 53n), 2n ** 53n + 1n, 9007199254740993123n, 10n ** 25n + 1n];
    for (const value of values) {
      for (let decimals = 0; decimals <= 24; decimals++) expect(unitsToNumber(value, decimals)).toBe(Number(formatUnits(value, decimals)));
    }
  });
});
