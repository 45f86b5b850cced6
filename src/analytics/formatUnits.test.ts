import { describe, expect, it } from 'vitest';
import { InvalidDecimalsError } from './errors.js';
import { formatUnits } from './formatUnits.js';

describe('formatUnits()', () => {
  it.each([
    [0n, 18, '0'],
    [1n, 18, '0.000000000000000001'],
    [1_500_000n, 6, '1.5'],
    [1_000_000n, 6, '1'],
    [-1_500_000n, 6, '-1.5'],
    [42n, 0, '42'],
    [35132165820280149733n, 18, '35.132165820280149733'],
    // Beyond 2^53: a double would lose the last digits.
    [123456789012345678901234567890n, 18, '123456789012.34567890123456789'],
    [2n ** 256n - 1n, 18, '115792089237316195423570985008687907853269984665640564039457.584007913129639935'],
  ])('formats %s with %i decimals as %s', (value, decimals, expected) => {
    expect(formatUnits(value, decimals)).toBe(expected);
  });

  it.each([-1, 1.5, 256, Number.NaN])('rejects decimals %s', (decimals) => {
    expect(() => formatUnits(1n, decimals)).toThrow(InvalidDecimalsError);
  });
});
