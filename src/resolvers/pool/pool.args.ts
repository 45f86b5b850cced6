import { ChainPageArgs } from '../common/chainPageArgs.js';
import { ArgsType, Field, Float, InputType, registerEnumType } from 'type-graphql';
import { BlockFilter } from '../common/blockFilter.js';
import { OrderDirection } from '../common/orderDirection.js';
import { AddressScalar } from '../scalars/address.scalar.js';

/** Orderable pool fields. */
export enum PoolOrderBy {
  tvlUsd = 'tvlUsd',
  volumeUsd24h = 'volumeUsd24h',
  feesUsd24h = 'feesUsd24h',
  volumeUsd7d = 'volumeUsd7d',
  volumeUsd30d = 'volumeUsd30d',
  feesUsd7d = 'feesUsd7d',
  feesUsd30d = 'feesUsd30d',
}

registerEnumType(PoolOrderBy, { name: 'PoolOrderBy' });

/** `where` of `pools` (The Graph-style suffixes). */
@InputType({ description: 'Pool filters, ANDed' })
export class PoolFilter {
  @Field(() => String, { nullable: true, description: 'Protocol slug, e.g. uniswap-v2' })
  protocol?: string | null;

  @Field(() => Float, { nullable: true })
  tvlUsd_gt?: number | null;

  @Field(() => [AddressScalar], { nullable: true, description: 'Pools holding any of these tokens' })
  token_in?: string[] | null;
}

/** Arguments of `pools`. */
@ArgsType()
export class PoolsArgs extends ChainPageArgs {
  @Field(() => PoolFilter, { nullable: true })
  where?: PoolFilter | null;

  @Field(() => PoolOrderBy, { defaultValue: PoolOrderBy.tvlUsd })
  orderBy: PoolOrderBy;

  @Field(() => OrderDirection, { defaultValue: OrderDirection.desc })
  orderDirection: OrderDirection;

  @Field(() => BlockFilter, { nullable: true, description: 'Point in time (The Graph style): filters and order apply to the values as of that block' })
  block?: BlockFilter | null;
}
