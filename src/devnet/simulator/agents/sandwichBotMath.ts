import { getAmountOut } from '../../activity/v2Math.js';
import { applySwap, flip, getAmountIn, type OrientedReserves } from './adversarialSwaps.js';
import type { SwapLimit } from './sandwichBotMempool.js';

/** The three swaps of a sandwich on one V2 pair, in base units. */
export interface SandwichPlan {
  /** Front-run: sells `frontAmountIn` of the victim's input token. */
  frontAmountIn: bigint;
  frontAmountOut: bigint;
  victimAmountIn: bigint;
  victimAmountOut: bigint;
  /** Back-run: sells `frontAmountOut` back; receives `backAmountOut` of the input token. */
  backAmountOut: bigint;
  /** `backAmountOut - frontAmountIn`, in the victim's input token (gas not included). */
  profit: bigint;
}

const SEARCH_STEPS = 96;
const CANDIDATE_FRACTIONS = 16n;

/** The victim's swap after a front-run of `frontIn`, or undefined when its limit would make it revert. */
function victimAfter(reserves: OrientedReserves, limit: SwapLimit, frontIn: bigint) {
  const frontOut = getAmountOut(frontIn, reserves.reserveIn, reserves.reserveOut);
  const afterFront = frontIn === 0n ? reserves : applySwap(reserves, frontIn, frontOut);
  if (frontIn > 0n && frontOut === 0n) return undefined;
  let amountIn: bigint;
  let amountOut: bigint;
  if (limit.kind === 'exactIn') {
    amountIn = limit.amountIn;
    amountOut = getAmountOut(amountIn, afterFront.reserveIn, afterFront.reserveOut);
    if (amountOut === 0n || amountOut < limit.amountOutMin) return undefined;
  } else {
    amountOut = limit.amountOut;
    amountIn = getAmountIn(amountOut, afterFront.reserveIn, afterFront.reserveOut);
    if (amountIn === 0n || amountIn > limit.amountInMax) return undefined;
  }
  return { frontOut, amountIn, amountOut, after: applySwap(afterFront, amountIn, amountOut) };
}

/**
 * Sizes a sandwich around a pending swap on a V2 pool (pure). The front-run is at most `maxFrontIn` and small
 * enough that the victim's own limit (minimum out or maximum in) still holds, so the victim does not revert;
 * among 16 sizes up to that bound the most profitable is chosen. Undefined when none is profitable or the
 * victim would revert anyway.
 */
export function planSandwich(reserves: OrientedReserves, limit: SwapLimit, maxFrontIn: bigint): SandwichPlan | undefined {
  if (victimAfter(reserves, limit, 0n) === undefined || maxFrontIn <= 0n) return undefined;
  // The victim's outcome only worsens as the front-run grows: bisect the largest front-run it tolerates.
  let low = 0n;
  let high = maxFrontIn;
  for (let step = 0; step < SEARCH_STEPS && high - low > 1n; step++) {
    const mid = (low + high) / 2n;
    if (victimAfter(reserves, limit, mid)) low = mid;
    else high = mid;
  }
  const largest = victimAfter(reserves, limit, high) ? high : low;
  let best: SandwichPlan | undefined;
  for (let k = 1n; k <= CANDIDATE_FRACTIONS; k++) {
    const plan = evaluate(reserves, limit, (largest * k) / CANDIDATE_FRACTIONS);
    if (plan && plan.profit > 0n && (!best || plan.profit > best.profit)) best = plan;
  }
  return best;
}

function evaluate(reserves: OrientedReserves, limit: SwapLimit, frontAmountIn: bigint): SandwichPlan | undefined {
  if (frontAmountIn <= 0n) return undefined;
  const victim = victimAfter(reserves, limit, frontAmountIn);
  if (!victim) return undefined;
  const back = flip(victim.after);
  const backAmountOut = getAmountOut(victim.frontOut, back.reserveIn, back.reserveOut);
  return {
    frontAmountIn,
    frontAmountOut: victim.frontOut,
    victimAmountIn: victim.amountIn,
    victimAmountOut: victim.amountOut,
    backAmountOut,
    profit: backAmountOut - frontAmountIn,
  };
}
