import { encodeAbiParameters, getAddress, getCreate2Address, keccak256, type Address, type Hex } from 'viem';
import { UniswapV3Error } from './uniswapV3Errors.js';

/** Fee tiers the stock UniswapV3Factory enables at deployment, in hundredths of a basis point. */
export type V3FeeTier = 500 | 3000 | 10000;

/** Tick spacing per fee tier, as set in the UniswapV3Factory constructor. */
export const V3_TICK_SPACINGS: Readonly<Record<V3FeeTier, number>> = { 500: 10, 3000: 60, 10000: 200 };

/** keccak256 of the UniswapV3Pool creation code; hard-coded in the periphery's PoolAddress library. */
export const POOL_INIT_CODE_HASH: Hex = '0xe34f199b19b2b4f47f68442619d555527d244f78a3297ea89325f843f87b8b54';

/** TickMath.MIN_TICK / MAX_TICK. */
export const MIN_TICK = -887272;
export const MAX_TICK = 887272;
/** TickMath.MIN_SQRT_RATIO (inclusive) / MAX_SQRT_RATIO (exclusive). */
export const MIN_SQRT_RATIO = 4295128739n;
export const MAX_SQRT_RATIO = 1461446703485210103287273052203988822378723970342n;

const Q96 = 2n ** 96n;

/** Returns the tick spacing of a fee tier. Throws `UniswapV3Error` for an unknown tier. */
export function getTickSpacing(fee: number): number {
  const spacing = V3_TICK_SPACINGS[fee as V3FeeTier];
  if (spacing === undefined) throw new UniswapV3Error(`Unknown Uniswap V3 fee tier ${fee}`, { details: 'expected 500, 3000 or 10000' });
  return spacing;
}

/** Rounds `tick` to the nearest multiple of `tickSpacing` that stays inside [MIN_TICK, MAX_TICK]. */
export function nearestUsableTick(tick: number, tickSpacing: number): number {
  if (!Number.isInteger(tick) || !Number.isInteger(tickSpacing) || tickSpacing <= 0) {
    throw new UniswapV3Error('nearestUsableTick() needs integer ticks and a positive spacing', { details: `tick=${tick} spacing=${tickSpacing}` });
  }
  const rounded = Math.round(tick / tickSpacing) * tickSpacing;
  if (rounded < MIN_TICK) return rounded + tickSpacing;
  if (rounded > MAX_TICK) return rounded - tickSpacing;
  return rounded + 0; // normalises -0
}

/** The widest valid [tickLower, tickUpper] for a fee tier (a "full range" position). */
export function getFullRangeTicks(fee: number): { tickLower: number; tickUpper: number } {
  const spacing = getTickSpacing(fee);
  return { tickLower: Math.ceil(MIN_TICK / spacing) * spacing, tickUpper: Math.floor(MAX_TICK / spacing) * spacing };
}

/**
 * A range of `2 * halfWidthSpacings` tick spacings centred on `currentTick` (e.g. the pool's `slot0().tick`),
 * aligned to the fee tier's spacing. `halfWidthSpacings` defaults to 5.
 */
export function getTickRangeAround(currentTick: number, fee: number, halfWidthSpacings = 5): { tickLower: number; tickUpper: number } {
  const spacing = getTickSpacing(fee);
  if (!Number.isInteger(halfWidthSpacings) || halfWidthSpacings < 1) {
    throw new UniswapV3Error('getTickRangeAround() needs halfWidthSpacings >= 1', { details: `got ${halfWidthSpacings}` });
  }
  const centre = Math.floor(currentTick / spacing) * spacing;
  const full = getFullRangeTicks(fee);
  return {
    tickLower: Math.max(full.tickLower, centre - halfWidthSpacings * spacing),
    tickUpper: Math.min(full.tickUpper, centre + halfWidthSpacings * spacing),
  };
}

/** Integer square root (floor) of a non-negative bigint, by Newton's method. */
export function sqrtBigInt(value: bigint): bigint {
  if (value < 0n) throw new UniswapV3Error('sqrtBigInt() of a negative number');
  if (value < 2n) return value;
  // Start above the root (2^ceil(bits/2)) so the iteration decreases monotonically to the floor.
  let x = 1n << BigInt(Math.ceil(value.toString(2).length / 2));
  let y = (x + value / x) / 2n;
  while (y < x) {
    x = y;
    y = (x + value / x) / 2n;
  }
  return x;
}

/**
 * Converts a human price into a pool's `sqrtPriceX96` (floored).
 * `price` is how many whole token1 one whole token0 buys (token0 is the pair's lower address);
 * decimals are the tokens' ERC-20 decimals. Example: WETH(18) as token0 and USDC(6) as token1 at 3000 USD/ETH
 * is `priceToSqrtPriceX96(3000, 18, 6)`; with USDC as token0 it is `priceToSqrtPriceX96(1 / 3000, 6, 18)`.
 * Throws `UniswapV3Error` when the price is not positive and finite, or falls outside the pool's sqrt ratio bounds.
 */
export function priceToSqrtPriceX96(price: number, decimals0: number, decimals1: number): bigint {
  if (!Number.isFinite(price) || price <= 0) throw new UniswapV3Error('Price must be a positive finite number', { details: `got ${price}` });
  assertDecimals(decimals0);
  assertDecimals(decimals1);
  // 17 significant digits round-trip every double exactly.
  const [digits = '', exponentText = '0'] = price.toExponential(16).split('e');
  const mantissa = BigInt(digits.replace('.', ''));
  const exp10 = Number(exponentText) - 16 + decimals1 - decimals0;
  const numerator = exp10 >= 0 ? mantissa * 10n ** BigInt(exp10) : mantissa;
  const denominator = exp10 >= 0 ? 1n : 10n ** BigInt(-exp10);
  const sqrtPriceX96 = sqrtBigInt((numerator << 192n) / denominator);
  if (sqrtPriceX96 < MIN_SQRT_RATIO || sqrtPriceX96 >= MAX_SQRT_RATIO) {
    throw new UniswapV3Error('Price is outside the Uniswap V3 range', { details: `price=${price} decimals0=${decimals0} decimals1=${decimals1}` });
  }
  return sqrtPriceX96;
}

/** Inverse of `priceToSqrtPriceX96`: whole token1 per whole token0, as a double (~15 significant digits). */
export function sqrtPriceX96ToPrice(sqrtPriceX96: bigint, decimals0: number, decimals1: number): number {
  assertDecimals(decimals0);
  assertDecimals(decimals1);
  const ratio = Number(sqrtPriceX96) / Number(Q96);
  return ratio * ratio * 10 ** (decimals0 - decimals1);
}

/** Orders two token addresses the way Uniswap does (numerically): the lower one is token0. */
export function sortTokens(tokenA: Address, tokenB: Address): [token0: Address, token1: Address] {
  const a = BigInt(tokenA);
  const b = BigInt(tokenB);
  if (a === b) throw new UniswapV3Error('A pool needs two different tokens', { details: tokenA });
  return a < b ? [tokenA, tokenB] : [tokenB, tokenA];
}

/** The CREATE2 address the factory gives the (tokenA, tokenB, fee) pool; the same formula the periphery uses. */
export function getV3PoolAddress(params: { factory: Address; tokenA: Address; tokenB: Address; fee: number }): Address {
  const [token0, token1] = sortTokens(params.tokenA, params.tokenB);
  const salt = keccak256(encodeAbiParameters([{ type: 'address' }, { type: 'address' }, { type: 'uint24' }], [token0, token1, params.fee]));
  return getAddress(getCreate2Address({ from: params.factory, salt, bytecodeHash: POOL_INIT_CODE_HASH }));
}

function assertDecimals(decimals: number): void {
  if (!Number.isInteger(decimals) || decimals < 0 || decimals > 255) {
    throw new UniswapV3Error('Token decimals must be an integer in [0, 255]', { details: `got ${decimals}` });
  }
}
