import { ArgsType, Field, Int } from 'type-graphql';
import { AddressScalar } from '../scalars/address.scalar.js';
import { MAX_REPLAY_BLOCKS } from './createSwapStream.js';

@ArgsType()
export class PoolSwapsArgs {
  @Field(() => Int)
  chainId: number;

  @Field(() => AddressScalar, { nullable: true, description: 'One V2 pair or V3 pool (default: every pool of the chain)' })
  pool?: string | null;

  @Field(() => Int, {
    nullable: true,
    description: `Replay stored swaps from this block (inclusive) before going live, at most ${MAX_REPLAY_BLOCKS} blocks below the indexed head. Default: live only (from the block after the indexed head).`,
  })
  fromBlock?: number | null;
}
