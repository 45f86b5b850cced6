import { Args, Resolver, Root, Subscription } from 'type-graphql';
import { badUserInput } from '../../errors/apiErrors.js';
import type { ChainTvlEvent } from '../../pubsub/events.js';
import { topics } from '../../pubsub/topics.js';
import { filterIterator } from '../common/filterIterator.js';
import { withMinInterval } from '../common/minInterval.js';
import type { GraphQLContext } from '../context.js';
import { ChainTvlUpdatedArgs, MAX_CHAIN_IDS } from './chainTvl.args.js';
import { ChainTvl, toChainTvl } from './chainTvl.type.js';

/** `chainTvlUpdated`: chain totals from the market job, optionally conflated per chain. */
@Resolver(() => ChainTvl)
export class ChainTvlResolver {
  @Subscription(() => ChainTvl, {
    description: "A chain's total TVL and borrows whenever a market refresh changes them. Filter with chainIds; rate-limit with minIntervalMs (per chain).",
    subscribe: ({ args, context }) => {
      const ctx = context as GraphQLContext;
      const { chainIds, minIntervalMs } = args as ChainTvlUpdatedArgs;
      if (chainIds && (chainIds.length === 0 || chainIds.length > MAX_CHAIN_IDS)) throw badUserInput(`chainIds must list 1 to ${MAX_CHAIN_IDS} chains`, 'chainIds');
      const keep = chainIds ? new Set(chainIds) : null;
      return withMinInterval<ChainTvlEvent>(minIntervalMs, (e) => String(e.chainId), () =>
        filterIterator(ctx.pubsub.subscribe<ChainTvlEvent>(topics.chainTvlUpdated()), (e) => keep === null || keep.has(e.chainId)),
      );
    },
  })
  chainTvlUpdated(@Args() _args: ChainTvlUpdatedArgs, @Root() event: ChainTvlEvent): ChainTvl {
    return toChainTvl(event);
  }
}
