import { assertNonNegativeAmount } from './assertNonNegativeAmount.js';

/** The fields of a decoded Uniswap V2 `Swap` (`UniswapV2SwapEvent` fits). */
export interface V2SwapEventLike {
  kind: 'uniswapV2Swap';
  chainId: number;
  address: string;
  blockNumber: number;
  logIndex: number;
  amount0In: bigint;
  amount1In: bigint;
  amount0Out: bigint;
  amount1Out: bigint;
}

/** The fields of a decoded Uniswap V3 `Swap` (`UniswapV3SwapEvent` fits): signed pool deltas, + in, - out. */
export interface V3SwapEventLike {
  kind: 'uniswapV3Swap';
  chainId: number;
  address: string;
  blockNumber: number;
  logIndex: number;
  amount0: bigint;
  amount1: bigint;
}

/** A swap as raw amounts into and out of the pool, whatever the AMM. All >= 0. */
export interface SwapAmounts {
  chainId: number;
  pool: string;
  blockNumber: number;
  logIndex: number;
  amount0In: bigint;
  amount1In: bigint;
  amount0Out: bigint;
  amount1Out: bigint;
}

/**
 * One shape for V2 and V3 swaps. V3's signed deltas split by sign (positive = into the pool).
 * @throws {NegativeAmountError} when a V2 amount is negative (the event's fields are uint).
 */
export function normalizeSwap(event: V2SwapEventLike | V3SwapEventLike): SwapAmounts {
  const position = { chainId: event.chainId, pool: event.address.toLowerCase(), blockNumber: event.blockNumber, logIndex: event.logIndex };
  if (event.kind === 'uniswapV3Swap') {
    const { amount0, amount1 } = event;
    return {
      ...position,
      amount0In: amount0 > 0n ? amount0 : 0n,
      amount1In: amount1 > 0n ? amount1 : 0n,
      amount0Out: amount0 < 0n ? -amount0 : 0n,
      amount1Out: amount1 < 0n ? -amount1 : 0n,
    };
  }
  for (const field of ['amount0In', 'amount1In', 'amount0Out', 'amount1Out'] as const) assertNonNegativeAmount(field, event[field]);
  const { amount0In, amount1In, amount0Out, amount1Out } = event;
  return { ...position, amount0In, amount1In, amount0Out, amount1Out };
}
