import { describe, expect, it } from 'vitest';
import { InvalidNumberError } from './errors.js';
import { ratioToNumber } from './ratioToNumber.js';

describe('ratioToNumber()', () => {
  it.each([
    [1n, 3n, 1 / 3],
    [2n, 3n, 2 / 3],
    [-10n, 4n, -2.5],
    [10n, -4n, -2.5],
    [0n, 7n, 0],
    [10n ** 40n, 10n ** 20n, 1e20],
    [1n, 10n ** 30n, 1e-30],
    // (2^96)^2 / 2^192 = 1 exactly, with operands far beyond a double.
    [2n ** 192n, 2n ** 192n, 1],
    [2n ** 200n + 1n, 2n ** 192n, 256],
  ])('%s / %s = %d', (numerator, denominator, expected) => {
    expect(ratioToNumber(numerator, denominator)).toBe(expected);
  });

  it('resolves differences below a double\'s resolution of the operands', () => {
    // The true ratio is just below 1 + 2^-53, so it rounds to 1; converting each operand first rounds the
    // numerator up and the denominator down, and the quotient lands one ulp too high.
    const numerator = 2n ** 80n + 3n * 2n ** 26n;
    const denominator = 2n ** 80n + 2n ** 26n;
    expect(ratioToNumber(numerator, denominator)).toBe(1);
    expect(Number(numerator) / Number(denominator)).toBe(1 + 2 ** -52);
  });

  it('rejects a zero denominator', () => {
    expect(() => ratioToNumber(1n, 0n)).toThrow(InvalidNumberError);
  });
});
