import { InvalidNumberError } from './errors.js';

/**
 * Asserts that `value` is a finite number >= 0 (a timestamp, a USD amount, an option).
 * @throws {InvalidNumberError} for NaN, infinities and negatives.
 */
export function assertNonNegativeNumber(field: string, value: number): void {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
    throw new InvalidNumberError(field, value, 'a finite number >= 0');
  }
}
