import type { PoolState } from '../marketView.js';
import { quoteExactIn, quoteToPrice, rawPrice } from '../poolMath.js';

/**
 * Pure sizing for arbitrageurs. A pool with fee f is at equilibrium with the reference r while its price stays in
 * [r / (1 + f), r * (1 + f)]: outside that band, buying (or selling) token0 there and unwinding at the reference
 * pays. Prices are raw (token1 base units per token0 base unit).
 */

/** A two-pool arbitrage: buy token0 with token1 in the cheap pool, sell it for token1 in the dear one. */
export interface TwoPoolArbitrage {
  cheap: PoolState;
  dear: PoolState;
  /** token1 into the cheap pool. */
  amountIn: bigint;
  /** token0 expected out of the cheap pool (and sold into the dear one). */
  baseAmount: bigint;
  /** token1 expected out of the dear pool. */
  amountOut: bigint;
  profit: bigint;
  /** Where each pool's price ends (never past the reference). */
  targetCheap: number;
  targetDear: number;
}

/** A single-pool trade back to the band edge (what a CEX-DEX arbitrageur does). */
export interface Rebalance {
  state: PoolState;
  zeroForOne: boolean;
  amountIn: bigint;
  amountOut: bigint;
  target: number;
  /** |ln(price / reference)| before the trade. */
  deviation: number;
}

const bandLow = (state: PoolState, reference: number, margin: number) => reference / (1 + state.virtual.fee) / (1 + margin);
const bandHigh = (state: PoolState, reference: number, margin: number) => reference * (1 + state.virtual.fee) * (1 + margin);

/**
 * A two-pool arbitrage among pools of one pair: buy token0 in the cheapest pool (below the reference) and sell
 * it in the dearest (above the reference) while the cheap pool's marginal buy price, fee included, stays below
 * the dear pool's marginal sell price, and neither pool moves past the reference: both end closer to it.
 * Undefined when no such pair exists or the expected profit is below `minProfit` (token1 base units).
 */
export function findTwoPoolArbitrage(
  states: readonly PoolState[],
  reference: number,
  minProfit: bigint,
  { marginFraction = 0.0005, maxBase = Number.POSITIVE_INFINITY }: { marginFraction?: number; maxBase?: number } = {},
): TwoPoolArbitrage | undefined {
  const byPrice = [...states].filter((state) => state.virtual.x > 0 && state.virtual.y > 0).sort((a, b) => rawPrice(a.virtual) - rawPrice(b.virtual));
  const cheap = byPrice[0];
  const dear = byPrice[byPrice.length - 1];
  if (!cheap || !dear || cheap === dear || !(rawPrice(cheap.virtual) < reference) || !(rawPrice(dear.virtual) > reference)) return undefined;
  const a = cheap.virtual;
  const b = dear.virtual;
  const priceA = (q: number) => (a.x * a.y) / (a.x - q) ** 2;
  const priceB = (q: number) => (b.x * b.y) / (b.x + q * (1 - b.fee)) ** 2;
  const profitable = (q: number) => priceA(q) * (1 + a.fee) * (1 + marginFraction) < priceB(q) * (1 - b.fee);
  if (!profitable(0)) return undefined;
  // Largest base amount that keeps both pools on their side of the reference and the trade profitable at the margin.
  const maxA = a.x - Math.sqrt((a.x * a.y) / reference);
  const maxB = (Math.sqrt((b.x * b.y) / reference) - b.x) / (1 - b.fee);
  let low = 0;
  let high = Math.min(maxA, maxB, maxBase);
  if (!(high > 0)) return undefined;
  if (profitable(high)) low = high;
  for (let i = 0; i < 60 && high - low > high * 1e-9; i++) {
    const mid = (low + high) / 2;
    if (profitable(mid)) low = mid;
    else high = mid;
  }
  const base = Math.floor(low);
  if (base <= 0) return undefined;
  const amountIn = BigInt(Math.ceil(((a.x * a.y) / (a.x - base) - a.y) / (1 - a.fee)));
  const baseAmount = BigInt(base);
  const amountOut = BigInt(Math.floor(b.y - (b.x * b.y) / (b.x + base * (1 - b.fee))));
  const profit = amountOut - amountIn;
  if (profit < minProfit) return undefined;
  return { cheap, dear, amountIn, baseAmount, amountOut, profit, targetCheap: Math.min(reference, priceA(base)), targetDear: Math.max(reference, priceB(base)) };
}

/**
 * The trade taking `state` back to its band edge (its input capped at `maxAmountIn`), or undefined when it is
 * inside the band (plus margin).
 */
export function findRebalance(state: PoolState, reference: number, { marginFraction = 0.001, maxAmountIn }: { marginFraction?: number; maxAmountIn?: (zeroForOne: boolean) => bigint } = {}): Rebalance | undefined {
  const price = rawPrice(state.virtual);
  const low = bandLow(state, reference, marginFraction);
  const high = bandHigh(state, reference, marginFraction);
  if (price >= low && price <= high) return undefined;
  const target = price < low ? bandLow(state, reference, 0) : bandHigh(state, reference, 0);
  const quote = quoteToPrice(state.virtual, target);
  if (!quote || quote.amountIn === 0n) return undefined;
  const cap = maxAmountIn?.(quote.zeroForOne);
  const amountIn = cap !== undefined && quote.amountIn > cap ? cap : quote.amountIn;
  const amountOut = amountIn === quote.amountIn ? quote.amountOut : quoteExactIn(state.virtual, quote.zeroForOne, amountIn);
  return { state, zeroForOne: quote.zeroForOne, amountIn, amountOut, target, deviation: Math.abs(Math.log(price / reference)) };
}
