import { ArgsType, Field, Int } from 'type-graphql';
import { MIN_INTERVAL_DESCRIPTION } from '../common/minInterval.js';

/** Most chains one `chainTvlUpdated` may list. */
export const MAX_CHAIN_IDS = 100;

@ArgsType()
export class ChainTvlUpdatedArgs {
  @Field(() => [Int], { nullable: true, description: `Only these chains (1-${MAX_CHAIN_IDS}; default: all)` })
  chainIds?: number[] | null;

  @Field(() => Int, { nullable: true, description: MIN_INTERVAL_DESCRIPTION })
  minIntervalMs?: number | null;
}
