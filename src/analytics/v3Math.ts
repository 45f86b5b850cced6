/** 2^96, the fixed-point scale of Uniswap V3's `sqrtPriceX96`. */
export const Q96 = 2n ** 96n;

/** Smallest `sqrtPriceX96` a V3 pool can hold (`TickMath.MIN_SQRT_RATIO`). */
export const MIN_SQRT_RATIO = 4295128739n;

/** Largest `sqrtPriceX96` a V3 pool can hold (`TickMath.MAX_SQRT_RATIO`). */
export const MAX_SQRT_RATIO = 1461446703485210103287273052203988822378723970342n;
