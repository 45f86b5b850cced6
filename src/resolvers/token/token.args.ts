import { ChainPageArgs } from '../common/chainPageArgs.js';
import { ArgsType, Field, Float, InputType, registerEnumType } from 'type-graphql';
import { BlockFilter } from '../common/blockFilter.js';
import { OrderDirection } from '../common/orderDirection.js';
import { AddressScalar } from '../scalars/address.scalar.js';

/** Orderable token fields. */
export enum TokenOrderBy {
  priceUsd = 'priceUsd',
  symbol = 'symbol',
  confidence = 'confidence',
  address = 'address',
}

registerEnumType(TokenOrderBy, { name: 'TokenOrderBy' });

/** `where` of `tokens` (The Graph-style suffixes). */
@InputType({ description: 'Token filters, ANDed' })
export class TokenFilter {
  @Field(() => String, { nullable: true, description: 'Symbol contains this text, case-insensitive' })
  symbol_contains_nocase?: string | null;

  @Field(() => [AddressScalar], { nullable: true })
  address_in?: string[] | null;

  @Field(() => Float, { nullable: true })
  priceUsd_gt?: number | null;
}

/** Arguments of `tokens`. */
@ArgsType()
export class TokensArgs extends ChainPageArgs {
  @Field(() => TokenFilter, { nullable: true })
  where?: TokenFilter | null;

  @Field(() => TokenOrderBy, { defaultValue: TokenOrderBy.priceUsd })
  orderBy: TokenOrderBy;

  @Field(() => OrderDirection, { defaultValue: OrderDirection.desc })
  orderDirection: OrderDirection;

  @Field(() => BlockFilter, { nullable: true, description: 'Point in time (The Graph style): filters and order apply to the values as of that block' })
  block?: BlockFilter | null;
}
