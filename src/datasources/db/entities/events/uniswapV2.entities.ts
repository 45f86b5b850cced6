import { Entity } from 'typeorm';
import { AddressColumn, AmountColumn, EventRowBase, type EventRow } from './eventRow.js';

/** Uniswap V2 factory `PairCreated` logs: one row per pair. */
@Entity({ name: 'uniswap_v2_pairs' })
export class UniswapV2PairEntity extends EventRowBase implements EventRow<'uniswapV2PairCreated'> {
  @AddressColumn('token0')
  token0: string;

  @AddressColumn('token1')
  token1: string;

  @AddressColumn('pair')
  pair: string;

  @AmountColumn('pair_count')
  pairCount: bigint;
}

/** Uniswap V2 pair `Sync` logs (reserves after each change). */
@Entity({ name: 'uniswap_v2_syncs' })
export class UniswapV2SyncEntity extends EventRowBase implements EventRow<'uniswapV2Sync'> {
  @AmountColumn('reserve0')
  reserve0: bigint;

  @AmountColumn('reserve1')
  reserve1: bigint;
}

/** Uniswap V2 pair `Swap` logs. */
@Entity({ name: 'uniswap_v2_swaps' })
export class UniswapV2SwapEntity extends EventRowBase implements EventRow<'uniswapV2Swap'> {
  @AddressColumn('sender')
  sender: string;

  @AddressColumn('to_address')
  to: string;

  @AmountColumn('amount0_in')
  amount0In: bigint;

  @AmountColumn('amount1_in')
  amount1In: bigint;

  @AmountColumn('amount0_out')
  amount0Out: bigint;

  @AmountColumn('amount1_out')
  amount1Out: bigint;
}

/** Uniswap V2 pair `Mint` logs. */
@Entity({ name: 'uniswap_v2_mints' })
export class UniswapV2MintEntity extends EventRowBase implements EventRow<'uniswapV2Mint'> {
  @AddressColumn('sender')
  sender: string;

  @AmountColumn('amount0')
  amount0: bigint;

  @AmountColumn('amount1')
  amount1: bigint;
}

/** Uniswap V2 pair `Burn` logs. */
@Entity({ name: 'uniswap_v2_burns' })
export class UniswapV2BurnEntity extends EventRowBase implements EventRow<'uniswapV2Burn'> {
  @AddressColumn('sender')
  sender: string;

  @AddressColumn('to_address')
  to: string;

  @AmountColumn('amount0')
  amount0: bigint;

  @AmountColumn('amount1')
  amount1: bigint;
}
