import { ArgsType, Field, Int } from 'type-graphql';
import { MAX_PAGE_SIZE } from './connection.js';

/** The arguments every per-chain list shares: the chain and a forward page. */
@ArgsType()
export class ChainPageArgs {
  @Field(() => Int)
  chainId: number;

  @Field(() => Int, { defaultValue: 20, description: `Page size, 1-${MAX_PAGE_SIZE}. Default 20.` })
  first: number;

  @Field(() => String, { nullable: true, description: 'endCursor of the previous page' })
  after?: string | null;
}
