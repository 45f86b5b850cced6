import { getTokenValue, type TokenValue } from './getTokenValue.js';
import { tokenKey } from './tokenKey.js';
import type { PriceMap, TokenBalanceInput } from './types.js';

/** A liquidity pool's holdings: V2 reserves, or V3 (and any other pool's) token balances. */
export interface PoolTvlInput {
  chainId: number;
  address: string;
  /** Slug of the protocol the pool belongs to (`uniswap-v2`). */
  protocol: string;
  balances: readonly TokenBalanceInput[];
}

/** A pool's TVL. */
export interface PoolTvl {
  chainId: number;
  address: string;
  protocol: string;
  tvlUsd: number;
  tokens: TokenValue[];
  /** tokenKeys of the balances that had no usable price and count 0. */
  unpricedTokens: string[];
}

/**
 * TVL of one pool: the sum of its balances x prices. Unpriced tokens contribute 0 and are listed in
 * `unpricedTokens`; the priced side still counts (a pool is never zeroed by one unknown token).
 * @param minConfidence Prices below this confidence are treated as missing. Default 0.
 * @throws {NegativeAmountError} for a negative balance; {InvalidDecimalsError} for bad decimals.
 */
export function getPoolTvl(pool: PoolTvlInput, prices: PriceMap, minConfidence = 0): PoolTvl {
  const tokens = pool.balances.map((balance) => getTokenValue(pool.chainId, balance, prices, minConfidence));
  return {
    chainId: pool.chainId,
    address: pool.address.toLowerCase(),
    protocol: pool.protocol,
    tvlUsd: tokens.reduce((sum, token) => sum + token.valueUsd, 0),
    tokens,
    unpricedTokens: tokens.filter((token) => token.priceUsd === null).map((token) => tokenKey(pool.chainId, token.token)),
  };
}
