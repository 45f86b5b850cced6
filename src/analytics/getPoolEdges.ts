import { assertNonNegativeAmount } from './assertNonNegativeAmount.js';
import { InvalidPoolError } from './errors.js';
import { getV2SpotPrice, type SpotPrice } from './getV2SpotPrice.js';
import { getV3SpotPrice } from './getV3SpotPrice.js';
import { getV3VirtualReserves } from './getV3VirtualReserves.js';
import type { PoolStateInput } from './types.js';
import { unitsToNumber } from './unitsToNumber.js';

/** One direction of a pool: what it says one `base` token is worth in `quote`, and how deep `quote` is. */
export interface PoolEdge {
  chainId: number;
  pool: string;
  base: string;
  quote: string;
  /** Price of one whole base token in whole quote tokens. */
  price: number;
  /** Whole quote tokens backing the price: the reserve (V2) or the virtual reserve capped by the balance (V3). */
  quoteDepth: number;
  blockNumber: number;
}

const minBigint = (a: bigint, b: bigint | undefined): bigint => (b !== undefined && b < a ? b : a);

/**
 * The two directed edges of a pool for the pricing graph (token0 -> token1 and token1 -> token0).
 * V2 depth is the reserves; V3 depth is the virtual reserves of the in-range liquidity (`getV3VirtualReserves`),
 * capped by the pool's balances when given.
 * @returns [] when the pool has no price (an empty V2 pool, an uninitialized V3 pool).
 * @throws {InvalidPoolError} when token0 equals token1; {NegativeAmountError} for negative reserves, liquidity or
 *   balances.
 */
export function getPoolEdges(pool: PoolStateInput, decimals0: number, decimals1: number): PoolEdge[] {
  if (pool.token0 === pool.token1) throw new InvalidPoolError(pool.address, 'token0 and token1 are the same token');
  let spot: SpotPrice | null;
  let depth0: bigint;
  let depth1: bigint;
  if (pool.kind === 'v2') {
    spot = getV2SpotPrice({ reserve0: pool.reserve0, reserve1: pool.reserve1, decimals0, decimals1 });
    [depth0, depth1] = [pool.reserve0, pool.reserve1];
  } else {
    if (pool.balance0 !== undefined) assertNonNegativeAmount(`pool ${pool.address} balance0`, pool.balance0);
    if (pool.balance1 !== undefined) assertNonNegativeAmount(`pool ${pool.address} balance1`, pool.balance1);
    spot = getV3SpotPrice({ sqrtPriceX96: pool.sqrtPriceX96, decimals0, decimals1 });
    const virtual = getV3VirtualReserves({ sqrtPriceX96: pool.sqrtPriceX96, liquidity: pool.liquidity });
    depth0 = minBigint(virtual?.reserve0 ?? 0n, pool.balance0);
    depth1 = minBigint(virtual?.reserve1 ?? 0n, pool.balance1);
  }
  if (!spot) return [];
  const common = { chainId: pool.chainId, pool: pool.address, blockNumber: pool.blockNumber };
  return [
    { ...common, base: pool.token0, quote: pool.token1, price: spot.token0Price, quoteDepth: unitsToNumber(depth1, decimals1) },
    { ...common, base: pool.token1, quote: pool.token0, price: spot.token1Price, quoteDepth: unitsToNumber(depth0, decimals0) },
  ];
}
