import { Field, Float, Int, ObjectType } from 'type-graphql';
import type { ChainTvlEvent } from '../../pubsub/events.js';
import { DateTimeScalar } from '../scalars/dateTime.scalar.js';

@ObjectType({ description: "A chain's total TVL and borrows (sum over its protocols) after a market refresh that changed them" })
export class ChainTvl {
  @Field(() => Int)
  chainId: number;

  @Field(() => Float, { description: 'USD' })
  tvlUsd: number;

  @Field(() => Float, { description: 'Lending borrows, USD, never inside tvlUsd' })
  borrowedUsd: number;

  @Field(() => Int, { description: 'Indexed head the value was computed at' })
  blockNumber: number;

  @Field(() => DateTimeScalar, { description: "Chain time of that block" })
  timestamp: Date;
}

/** Maps a published ChainTvlEvent to its GraphQL shape. */
export function toChainTvl(event: ChainTvlEvent): ChainTvl {
  return { chainId: event.chainId, tvlUsd: event.tvlUsd, borrowedUsd: event.borrowedUsd, blockNumber: event.blockNumber, timestamp: new Date(event.timestampSec * 1000) };
}
