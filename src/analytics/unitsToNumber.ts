import { formatUnits } from './formatUnits.js';

const MAX_EXACT = 2n ** 53n;
// 1e0..1e22 parsed from literals: every one is an exact double.
const EXACT_POWERS_OF_TEN = Array.from({ length: 23 }, (_, exponent) => Number(`1e${String(exponent)}`));

/**
 * Converts a raw base-unit amount to a JavaScript number of whole tokens, correctly rounded to the nearest double
 * (about 15-17 significant digits). Use it for USD arithmetic only; keep amounts themselves as bigint.
 * @throws {InvalidDecimalsError} when `decimals` is not an integer 0-255.
 */
export function unitsToNumber(valueRaw: bigint, decimals: number): number {
  // Fast path: both operands are exact doubles (|value| <= 2^53, 10^22 is the largest exact power of ten), and IEEE
  // division rounds correctly, so the result equals the decimal-string route below.
  const power = EXACT_POWERS_OF_TEN[decimals];
  if (power !== undefined && valueRaw <= MAX_EXACT && valueRaw >= -MAX_EXACT) return Number(valueRaw) / power;
  return Number(formatUnits(valueRaw, decimals));
}
