import { InvalidDecimalsError } from './errors.js';

/**
 * Asserts that `decimals` is a valid ERC-20 / price-feed decimals value: an integer from 0 to 255.
 * 0 is valid (whole-unit tokens).
 * @throws {InvalidDecimalsError} otherwise.
 */
export function assertDecimals(decimals: number): void {
  if (!Number.isInteger(decimals) || decimals < 0 || decimals > 255) throw new InvalidDecimalsError(decimals);
}
