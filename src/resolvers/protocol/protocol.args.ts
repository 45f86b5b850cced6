import { ArgsType, Field, Int, registerEnumType } from 'type-graphql';
import { MAX_PAGE_SIZE } from '../common/connection.js';
import { OrderDirection } from '../common/orderDirection.js';

/** Orderable protocol fields. */
export enum ProtocolOrderBy {
  tvlUsd = 'tvlUsd',
  volumeUsd24h = 'volumeUsd24h',
  feesUsd24h = 'feesUsd24h',
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
}
