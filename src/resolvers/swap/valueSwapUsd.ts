import { unitsToNumber } from '../../analytics/unitsToNumber.js';

/** A side of a pool: decimals and current USD price, either null when unknown. */
export interface PricedToken {
  decimals: number | null;
  priceUsd: number | null;
}

/**
 * USD value of a swap the Uniswap subgraph way: per side |amount| in whole tokens x price, then the mean of the
 * priced sides (the one priced side when only one is). Null when neither side has a price and decimals.
 */
export function valueSwapUsd(amount0: bigint, amount1: bigint, token0: PricedToken, token1: PricedToken): number | null {
  const sides = [
    { amount: amount0 < 0n ? -amount0 : amount0, token: token0 },
    { amount: amount1 < 0n ? -amount1 : amount1, token: token1 },
  ].flatMap(({ amount, token }) => {
    if (token.priceUsd === null || token.decimals === null || !Number.isFinite(token.priceUsd)) return [];
    return [unitsToNumber(amount, token.decimals) * token.priceUsd];
  });
  if (sides.length === 0) return null;
  return sides.reduce((sum, usd) => sum + usd, 0) / sides.length;
}
