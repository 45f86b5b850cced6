import { assertNonNegativeAmount } from './assertNonNegativeAmount.js';
import { tokenKey } from './tokenKey.js';
import type { PriceMap, TokenBalanceInput } from './types.js';
import { unitsToNumber } from './unitsToNumber.js';

/** A balance valued in USD. */
export interface TokenValue {
  token: string;
  /** Whole tokens (decimals applied). */
  amount: number;
  /** null when the token has no price (or one below `minConfidence`): it is then worth 0 here and flagged. */
  priceUsd: number | null;
  valueUsd: number;
}

/**
 * Values one raw balance: `amountRaw / 10^decimals * priceUsd`. A token with no price, or a price whose
 * confidence is below `minConfidence`, is worth 0 and reported with `priceUsd: null`.
 * @throws {NegativeAmountError} for a negative balance; {InvalidDecimalsError} for bad decimals.
 */
export function getTokenValue(chainId: number, balance: TokenBalanceInput, prices: PriceMap, minConfidence = 0): TokenValue {
  assertNonNegativeAmount(`balance of ${balance.token}`, balance.amountRaw);
  const amount = unitsToNumber(balance.amountRaw, balance.decimals);
  const price = prices.get(tokenKey(chainId, balance.token));
  const usable = price && price.priceUsd !== null && (price.confidence ?? 1) >= minConfidence ? price.priceUsd : null;
  return { token: balance.token.toLowerCase(), amount, priceUsd: usable, valueUsd: usable === null ? 0 : amount * usable };
}
