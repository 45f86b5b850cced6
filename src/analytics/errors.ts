import { BaseError, type BaseErrorParameters } from '../errors/baseError.js';

/** Input to an analytics computation is invalid: a caller bug or corrupt data, so never retryable. */
export class AnalyticsInputError extends BaseError {
  override name: string = 'AnalyticsInputError';
  constructor(shortMessage: string, params: BaseErrorParameters = {}) {
    super(shortMessage, { ...params, retryable: false });
  }
}

/** Token (or feed) decimals are not an integer in 0-255 (ERC-20 `decimals()` is a uint8). */
export class InvalidDecimalsError extends AnalyticsInputError {
  override name = 'InvalidDecimalsError' as const;
  constructor(decimals: number, params: BaseErrorParameters = {}) {
    super(`Decimals must be an integer from 0 to 255, got ${String(decimals)}.`, params);
  }
}

/** A raw amount that cannot be negative (reserve, balance, supplied, liquidity) is. */
export class NegativeAmountError extends AnalyticsInputError {
  override name = 'NegativeAmountError' as const;
  constructor(field: string, value: bigint, params: BaseErrorParameters = {}) {
    super(`${field} must not be negative, got ${value.toString()}.`, params);
  }
}

/** A number input (timestamp, price, option) is NaN, infinite, negative or otherwise out of its range. */
export class InvalidNumberError extends AnalyticsInputError {
  override name = 'InvalidNumberError' as const;
  constructor(field: string, value: unknown, expected: string, params: BaseErrorParameters = {}) {
    super(`${field} must be ${expected}, got ${String(value)}.`, params);
  }
}

/** A time range is inverted (`fromSec > toSec`) or would produce more buckets than allowed. */
export class InvalidTimeRangeError extends AnalyticsInputError {
  override name = 'InvalidTimeRangeError' as const;
  constructor(fromSec: number, toSec: number, reason = 'from must not be after to', params: BaseErrorParameters = {}) {
    super(`Invalid time range ${String(fromSec)}..${String(toSec)}: ${reason}.`, params);
  }
}

/** A time series is not ordered by time (ascending). */
export class UnorderedSeriesError extends AnalyticsInputError {
  override name = 'UnorderedSeriesError' as const;
  constructor(what: string, index: number, params: BaseErrorParameters = {}) {
    super(`${what} must be in ascending time order; item ${String(index)} goes back in time.`, params);
  }
}

/** A pool's state is impossible (same token twice, sqrtPriceX96 outside Uniswap V3's bounds, ...). */
export class InvalidPoolError extends AnalyticsInputError {
  override name = 'InvalidPoolError' as const;
  constructor(pool: string, reason: string, params: BaseErrorParameters = {}) {
    super(`Pool ${pool} is invalid: ${reason}.`, params);
  }
}

/** A lending reserve reports more borrowed than supplied, which no solvent market can. */
export class InvalidLendingReserveError extends AnalyticsInputError {
  override name = 'InvalidLendingReserveError' as const;
  constructor(market: string, token: string, params: BaseErrorParameters = {}) {
    super(`Lending reserve ${token} in ${market} has more borrowed than supplied.`, params);
  }
}

/** Lending events cannot be replayed (an action on a reserve before any index of it, events of two chains...). */
export class InvalidLendingEventError extends AnalyticsInputError {
  override name = 'InvalidLendingEventError' as const;
  constructor(market: string, reserve: string, reason: string, params: BaseErrorParameters = {}) {
    super(`Lending events of reserve ${reserve} in ${market} cannot be replayed: ${reason}.`, params);
  }
}
