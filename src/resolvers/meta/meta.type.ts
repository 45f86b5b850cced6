import { Field, Int, ObjectType } from 'type-graphql';
import { ChainStatusEnum } from '../chain/chain.type.js';
import { DateTimeScalar } from '../scalars/dateTime.scalar.js';

/** A block as `_meta` reports it. */
@ObjectType({ description: 'A block header (number, hash, time)' })
export class MetaBlock {
  @Field(() => Int)
  number: number;

  @Field()
  hash: string;

  @Field(() => DateTimeScalar)
  timestamp: Date;
}

/** Indexing freshness of one chain, in the spirit of The Graph's `_meta`. */
@ObjectType({ description: "How fresh a chain's data is (The Graph's _meta)" })
export class Meta {
  @Field(() => Int)
  chainId: number;

  @Field(() => MetaBlock, { nullable: true, description: 'Newest indexed block; null before the first one' })
  block: MetaBlock | null;

  @Field(() => Int, { nullable: true, description: 'Newest block the RPC reported' })
  headBlock: number | null;

  @Field(() => Int, { nullable: true, description: 'headBlock - block.number' })
  lagBlocks: number | null;

  @Field(() => Int, { nullable: true, description: 'Indexed block the market numbers (prices, TVL, volumes) were computed at' })
  marketBlockNumber: number | null;

  @Field(() => DateTimeScalar, { nullable: true, description: 'When the market job last stored this chain' })
  marketUpdatedAt: Date | null;

  @Field(() => ChainStatusEnum)
  status: ChainStatusEnum;

  @Field({ description: 'True when the follower is degraded or stopped with an error (see chain.statusDetail)' })
  hasIndexingErrors: boolean;
}
