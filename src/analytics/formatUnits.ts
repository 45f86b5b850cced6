import { assertDecimals } from './assertDecimals.js';

/**
 * Formats a raw base-unit amount as an exact decimal string, e.g. `formatUnits(1_500_000n, 6) === '1.5'`.
 * Lossless (no floating point); trailing fractional zeros are dropped; negatives keep their sign.
 * @throws {InvalidDecimalsError} when `decimals` is not an integer 0-255.
 */
export function formatUnits(valueRaw: bigint, decimals: number): string {
  assertDecimals(decimals);
  const negative = valueRaw < 0n;
  const digits = (negative ? -valueRaw : valueRaw).toString().padStart(decimals + 1, '0');
  const integer = digits.slice(0, digits.length - decimals);
  const fraction = digits.slice(digits.length - decimals).replace(/0+$/, '');
  return `${negative ? '-' : ''}${integer}${fraction ? `.${fraction}` : ''}`;
}
