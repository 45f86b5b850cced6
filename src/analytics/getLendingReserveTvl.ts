import { assertNonNegativeAmount } from './assertNonNegativeAmount.js';
import { InvalidLendingReserveError } from './errors.js';
import { getTokenValue } from './getTokenValue.js';
import type { PriceMap } from './types.js';

/** One asset of a lending market (an Aave reserve): what is supplied and what is borrowed, in raw units. */
export interface LendingReserveInput {
  chainId: number;
  /** Slug of the protocol (`aave-v3`). */
  protocol: string;
  /** The market (Aave Pool) address. */
  market: string;
  token: string;
  decimals: number;
  /** Total supplied, interest included (the aToken's `totalSupply()`). */
  suppliedRaw: bigint;
  /** Total borrowed, interest included (stable + variable debt tokens' `totalSupply()`). */
  borrowedRaw: bigint;
}

/** A lending reserve in USD. */
export interface LendingReserveTvl {
  chainId: number;
  protocol: string;
  market: string;
  token: string;
  priceUsd: number | null;
  suppliedUsd: number;
  borrowedUsd: number;
  /** `suppliedUsd - borrowedUsd`: what sits in the market, DefiLlama's lending TVL. */
  tvlUsd: number;
}

/**
 * Values a lending reserve: TVL is supplied minus borrowed; borrowed is reported separately (DefiLlama's
 * `borrowed`). An unpriced token contributes 0 to both.
 * @throws {InvalidLendingReserveError} when borrowed exceeds supplied; {NegativeAmountError} for negatives.
 */
export function getLendingReserveTvl(reserve: LendingReserveInput, prices: PriceMap, minConfidence = 0): LendingReserveTvl {
  assertNonNegativeAmount(`${reserve.token} borrowed`, reserve.borrowedRaw);
  if (reserve.borrowedRaw > reserve.suppliedRaw) throw new InvalidLendingReserveError(reserve.market, reserve.token);
  const { token, decimals } = reserve;
  const supplied = getTokenValue(reserve.chainId, { token, decimals, amountRaw: reserve.suppliedRaw }, prices, minConfidence);
  const borrowed = getTokenValue(reserve.chainId, { token, decimals, amountRaw: reserve.borrowedRaw }, prices, minConfidence);
  // Valued from the exact bigint difference: no cancellation error at high utilization.
  const available = getTokenValue(reserve.chainId, { token, decimals, amountRaw: reserve.suppliedRaw - reserve.borrowedRaw }, prices, minConfidence);
  return {
    chainId: reserve.chainId,
    protocol: reserve.protocol,
    market: reserve.market.toLowerCase(),
    token: supplied.token,
    priceUsd: supplied.priceUsd,
    suppliedUsd: supplied.valueUsd,
    borrowedUsd: borrowed.valueUsd,
    tvlUsd: available.valueUsd,
  };
}
