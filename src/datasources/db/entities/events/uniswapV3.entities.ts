import { Entity } from 'typeorm';
import { AddressColumn, AmountColumn, EventRowBase, IntColumn, type EventRow } from './eventRow.js';

/** Uniswap V3 factory `PoolCreated` logs: one row per pool. */
@Entity({ name: 'uniswap_v3_pools' })
export class UniswapV3PoolEntity extends EventRowBase implements EventRow<'uniswapV3PoolCreated'> {
  @AddressColumn('token0')
  token0: string;

  @AddressColumn('token1')
  token1: string;

  @IntColumn('fee')
  fee: number;

  @IntColumn('tick_spacing')
  tickSpacing: number;

  @AddressColumn('pool')
  pool: string;
}

/** Uniswap V3 pool `Initialize` logs. */
@Entity({ name: 'uniswap_v3_initializes' })
export class UniswapV3InitializeEntity extends EventRowBase implements EventRow<'uniswapV3Initialize'> {
  @AmountColumn('sqrt_price_x96')
  sqrtPriceX96: bigint;

  @IntColumn('tick')
  tick: number;
}

/** Uniswap V3 pool `Swap` logs; `amount0`/`amount1` are signed (pool in > 0, out < 0). */
@Entity({ name: 'uniswap_v3_swaps' })
export class UniswapV3SwapEntity extends EventRowBase implements EventRow<'uniswapV3Swap'> {
  @AddressColumn('sender')
  sender: string;

  @AddressColumn('recipient')
  recipient: string;

  @AmountColumn('amount0')
  amount0: bigint;

  @AmountColumn('amount1')
  amount1: bigint;

  @AmountColumn('sqrt_price_x96')
  sqrtPriceX96: bigint;

  @AmountColumn('liquidity')
  liquidity: bigint;

  @IntColumn('tick')
  tick: number;
}

/** Uniswap V3 pool `Mint` logs (`amount` is liquidity). */
@Entity({ name: 'uniswap_v3_mints' })
export class UniswapV3MintEntity extends EventRowBase implements EventRow<'uniswapV3Mint'> {
  @AddressColumn('sender')
  sender: string;

  @AddressColumn('owner')
  owner: string;

  @IntColumn('tick_lower')
  tickLower: number;

  @IntColumn('tick_upper')
  tickUpper: number;

  @AmountColumn('amount')
  amount: bigint;

  @AmountColumn('amount0')
  amount0: bigint;

  @AmountColumn('amount1')
  amount1: bigint;
}

/** Uniswap V3 pool `Burn` logs (`amount` is liquidity). */
@Entity({ name: 'uniswap_v3_burns' })
export class UniswapV3BurnEntity extends EventRowBase implements EventRow<'uniswapV3Burn'> {
  @AddressColumn('owner')
  owner: string;

  @IntColumn('tick_lower')
  tickLower: number;

  @IntColumn('tick_upper')
  tickUpper: number;

  @AmountColumn('amount')
  amount: bigint;

  @AmountColumn('amount0')
  amount0: bigint;

  @AmountColumn('amount1')
  amount1: bigint;
}

/** Uniswap V3 pool `Collect` logs. */
@Entity({ name: 'uniswap_v3_collects' })
export class UniswapV3CollectEntity extends EventRowBase implements EventRow<'uniswapV3Collect'> {
  @AddressColumn('owner')
  owner: string;

  @AddressColumn('recipient')
  recipient: string;

  @IntColumn('tick_lower')
  tickLower: number;

  @IntColumn('tick_upper')
  tickUpper: number;

  @AmountColumn('amount0')
  amount0: bigint;

  @AmountColumn('amount1')
  amount1: bigint;
}
