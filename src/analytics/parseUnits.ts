import { assertDecimals } from './assertDecimals.js';
import { InvalidNumberError } from './errors.js';

const DECIMAL = /^(-?)(\d+)(?:\.(\d+))?$/;

/**
 * Parses a decimal string into raw base units, exactly: `parseUnits('1.5', 6) === 1_500_000n`.
 * @throws {InvalidNumberError} when `value` is not a plain decimal or has more fractional digits than `decimals`
 *   (no silent rounding).
 * @throws {InvalidDecimalsError} when `decimals` is not an integer 0-255.
 */
export function parseUnits(value: string, decimals: number): bigint {
  assertDecimals(decimals);
  const match = DECIMAL.exec(value.trim());
  if (!match) throw new InvalidNumberError('value', JSON.stringify(value), 'a decimal string like "-12.34"');
  const [, sign = '', integer = '0', fraction = ''] = match;
  const trimmed = fraction.replace(/0+$/, '');
  if (trimmed.length > decimals) {
    throw new InvalidNumberError('value', value, `at most ${String(decimals)} fractional digits`);
  }
  const raw = BigInt(integer + trimmed.padEnd(decimals, '0'));
  return sign === '-' ? -raw : raw;
}
