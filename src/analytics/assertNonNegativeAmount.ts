import { NegativeAmountError } from './errors.js';

/**
 * Asserts that a raw amount (reserve, balance, liquidity, supplied...) is not negative.
 * @param field Named in the error, e.g. `"pool 0xabc reserve0"`.
 * @throws {NegativeAmountError} when `value < 0n`.
 */
export function assertNonNegativeAmount(field: string, value: bigint): void {
  if (value < 0n) throw new NegativeAmountError(field, value);
}
