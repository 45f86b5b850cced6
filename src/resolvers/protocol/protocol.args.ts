import { ArgsType, Field, Int, registerEnumType } from 'type-graphql';
import { MAX_PAGE_SIZE } from '../common/connection.js';
import { BlockFilter } from '../common/blockFilter.js';
import { OrderDirection } from '../common/orderDirection.js';

/** Orderable protocol fields. */
export enum ProtocolOrderBy {
  tvlUsd = 'tvlUsd',
  volumeUsd24h = 'volumeUsd24h',
  feesUsd24h = 'feesUsd24h',
  volumeUsd7d = 'volumeUsd7d',
  volumeUsd30d = 'volumeUsd30d',
  feesUsd7d = 'feesUsd7d',
  feesUsd30d = 'feesUsd30d',
}

registerEnumType(ProtocolOrderBy, { name: 'ProtocolOrderBy' });

/** Arguments of `protocols`. */
@ArgsType()
export class ProtocolsArgs {
  @Field(() => Int, { defaultValue: 20, description: `Page size, 1-${MAX_PAGE_SIZE}. Default 20.` })
  first: number;

  @Field(() => String, { nullable: true, description: 'endCursor of the previous page' })
  after?: string | null;

  @Field(() => ProtocolOrderBy, { defaultValue: ProtocolOrderBy.tvlUsd })
  orderBy: ProtocolOrderBy;

  @Field(() => OrderDirection, { defaultValue: OrderDirection.desc })
  orderDirection: OrderDirection;

  @Field(() => BlockFilter, { nullable: true, description: 'Point in time: only block.timestamp (protocols span chains); order by tvlUsd' })
  block?: BlockFilter | null;
}
