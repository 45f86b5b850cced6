/**
 * Pure pool arithmetic for sizing trades, in floating point (sizing only: the chain does the exact math).
 * Prices are "raw": base units of token1 per base unit of token0. A Uniswap V3 pool inside its current
 * tick range behaves like a V2 pool with virtual reserves x = L / sqrtP and y = L * sqrtP, so one set of
 * constant-product formulas serves both (V3 estimates ignore tick crossings).
 */

/** A pool reduced to constant-product virtual reserves and its fee. */
export interface VirtualPool {
  /** Virtual reserve of token0 (base units). */
  x: number;
  /** Virtual reserve of token1 (base units). */
  y: number;
  /** Fee as a fraction of the input (0.003 for V2 and the 0.3 % V3 tier). */
  fee: number;
}

/** An exact-input swap: direction, input and expected output (base units, floored). */
export interface SwapQuote {
  zeroForOne: boolean;
  amountIn: bigint;
  amountOut: bigint;
}

const Q96 = 2 ** 96;

/** Virtual reserves of a V2 pair. */
export function virtualPoolV2(reserve0: bigint, reserve1: bigint): VirtualPool {
  return { x: Number(reserve0), y: Number(reserve1), fee: 0.003 };
}

/** Virtual reserves of a V3 pool at `sqrtPriceX96` with in-range `liquidity`; `fee` in hundredths of a bp. */
export function virtualPoolV3(sqrtPriceX96: bigint, liquidity: bigint, fee: number): VirtualPool {
  const sqrtPrice = Number(sqrtPriceX96) / Q96;
  const l = Number(liquidity);
  return { x: l / sqrtPrice, y: l * sqrtPrice, fee: fee / 1e6 };
}

/** Raw price (token1 per token0) of a virtual pool; NaN when empty. */
export function rawPrice(pool: VirtualPool): number {
  return pool.y / pool.x;
}

/** Converts a human price (whole token1 per whole token0) to a raw price. */
export function toRawPrice(humanPrice: number, decimals0: number, decimals1: number): number {
  return humanPrice * 10 ** (decimals1 - decimals0);
}

/** Output of an exact-input swap of `amountIn` (0 for an empty pool or input). */
export function quoteExactIn(pool: VirtualPool, zeroForOne: boolean, amountIn: bigint): bigint {
  const input = Number(amountIn) * (1 - pool.fee);
  if (!(input > 0) || !(pool.x > 0) || !(pool.y > 0)) return 0n;
  const [reserveIn, reserveOut] = zeroForOne ? [pool.x, pool.y] : [pool.y, pool.x];
  return floorBig((reserveOut * input) / (reserveIn + input));
}

/**
 * The exact-input swap that moves the pool's price to `targetRawPrice` (fee included), or undefined when the
 * pool is empty or already there. Selling token0 lowers the price; selling token1 raises it.
 */
export function quoteToPrice(pool: VirtualPool, targetRawPrice: number): SwapQuote | undefined {
  if (!(pool.x > 0) || !(pool.y > 0) || !(targetRawPrice > 0)) return undefined;
  const k = pool.x * pool.y;
  const current = pool.y / pool.x;
  if (targetRawPrice === current) return undefined;
  if (targetRawPrice > current) {
    const y = Math.sqrt(k * targetRawPrice);
    return { zeroForOne: false, amountIn: floorBig((y - pool.y) / (1 - pool.fee)), amountOut: floorBig(pool.x - k / y) };
  }
  const x = Math.sqrt(k / targetRawPrice);
  return { zeroForOne: true, amountIn: floorBig((x - pool.x) / (1 - pool.fee)), amountOut: floorBig(pool.y - k / x) };
}

/** The pool after an exact-input swap (fees stay out of the reserves, as in V3). */
export function applySwap(pool: VirtualPool, zeroForOne: boolean, amountIn: bigint): VirtualPool {
  const input = Number(amountIn) * (1 - pool.fee);
  const k = pool.x * pool.y;
  return zeroForOne ? { ...pool, x: pool.x + input, y: k / (pool.x + input) } : { ...pool, y: pool.y + input, x: k / (pool.y + input) };
}

/** `sqrtPriceX96` of a raw price (floored), for V3 price limits. */
export function rawPriceToSqrtPriceX96(price: number): bigint {
  return floorBig(Math.sqrt(price) * Q96);
}

/** Uniswap V2's `getAmountOut` (0.3 % fee) in exact integers; 0 when a reserve is empty. */
export function getAmountOut(amountIn: bigint, reserveIn: bigint, reserveOut: bigint): bigint {
  if (amountIn <= 0n || reserveIn === 0n || reserveOut === 0n) return 0n;
  const amountInWithFee = amountIn * 997n;
  return (amountInWithFee * reserveOut) / (reserveIn * 1000n + amountInWithFee);
}

/** `amount * fraction`, for a fraction in [0, 1] with 1e-9 precision. */
export function scaleAmount(amount: bigint, fraction: number): bigint {
  return (amount * BigInt(Math.round(fraction * 1e9))) / 1_000_000_000n;
}

function floorBig(value: number): bigint {
  return Number.isFinite(value) && value > 0 ? BigInt(Math.floor(value)) : 0n;
}

/** Raw token amounts held by a V3 position of `liquidity` in [tickLower, tickUpper] at `sqrtPriceX96` (floored). */
export function positionAmounts(liquidity: bigint, sqrtPriceX96: bigint, tickLower: number, tickUpper: number): { amount0: bigint; amount1: bigint } {
  const l = Number(liquidity);
  const s = Number(sqrtPriceX96) / Q96;
  const sa = Math.sqrt(1.0001 ** tickLower);
  const sb = Math.sqrt(1.0001 ** tickUpper);
  if (s <= sa) return { amount0: floorBig((l * (sb - sa)) / (sa * sb)), amount1: 0n };
  if (s >= sb) return { amount0: 0n, amount1: floorBig(l * (sb - sa)) };
  return { amount0: floorBig((l * (sb - s)) / (s * sb)), amount1: floorBig(l * (s - sa)) };
}
