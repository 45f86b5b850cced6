import { describe, expect, it } from 'vitest';
import { InvalidDecimalsError, InvalidNumberError } from './errors.js';
import { formatUnits } from './formatUnits.js';
import { parseUnits } from './parseUnits.js';

describe('parseUnits()', () => {
  it.each([
    ['1.5', 6, 1_500_000n],
    ['0', 18, 0n],
    ['-2.25', 2, -225n],
    ['42', 0, 42n],
    ['1.50000', 2, 150n],
    ['35.132165820280149733', 18, 35132165820280149733n],
  ])('parses %s with %i decimals', (value, decimals, expected) => {
    expect(parseUnits(value, decimals)).toBe(expected);
  });

  it('round-trips with formatUnits()', () => {
    for (const raw of [0n, 1n, 999_999n, 10n ** 30n + 7n, -123_456_789n]) expect(parseUnits(formatUnits(raw, 9), 9)).toBe(raw);
  });

  it.each([
    ['1.234', 2, InvalidNumberError],
    ['1e18', 18, InvalidNumberError],
    ['', 6, InvalidNumberError],
    ['.5', 6, InvalidNumberError],
    ['1', -1, InvalidDecimalsError],
  ])('rejects %j with %i decimals', (value, decimals, error) => {
    expect(() => parseUnits(value, decimals)).toThrow(error);
  });
});
