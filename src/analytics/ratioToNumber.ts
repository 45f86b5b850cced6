import { InvalidNumberError } from './errors.js';

// Integer digits kept in the scaled quotient: 21 > 17, so truncating it moves the double by at most 1 ulp.
const SIGNIFICANT_DIGITS = 21;

const MAX_EXACT = 2n ** 53n;

const digitCount = (value: bigint): number => value.toString().length;

/**
 * `numerator / denominator` as the nearest double (within 1 ulp), computed in bigint so huge operands
 * (`sqrtPriceX96 ** 2` is ~2^320, far beyond a double's exact range) lose nothing before the final rounding.
 * @throws {InvalidNumberError} when `denominator` is 0.
 */
export function ratioToNumber(numerator: bigint, denominator: bigint): number {
  if (denominator === 0n) throw new InvalidNumberError('denominator', 0, 'non-zero');
  if (numerator === 0n) return 0;
  // Fast path: both operands are exact doubles and IEEE division rounds correctly.
  if (numerator <= MAX_EXACT && numerator >= -MAX_EXACT && denominator <= MAX_EXACT && denominator >= -MAX_EXACT) {
    return Number(numerator) / Number(denominator);
  }
  const negative = numerator < 0n !== denominator < 0n;
  const n = numerator < 0n ? -numerator : numerator;
  const d = denominator < 0n ? -denominator : denominator;
  const shift = Math.max(0, SIGNIFICANT_DIGITS - (digitCount(n) - digitCount(d)));
  const quotient = (n * 10n ** BigInt(shift)) / d;
  const value = Number(`${quotient.toString()}e-${String(shift)}`);
  return negative ? -value : value;
}
