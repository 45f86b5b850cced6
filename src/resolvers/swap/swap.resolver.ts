import { Args, Resolver, Root, Subscription } from 'type-graphql';
import { notFound } from '../../errors/apiErrors.js';
import type { GraphQLContext } from '../context.js';
import { assertReplayable } from './assertReplayable.js';
import { createSwapStream, MAX_REPLAY_BLOCKS } from './createSwapStream.js';
import { PoolSwapsArgs } from './swap.args.js';
import { PoolSwap } from './swap.type.js';

/** `poolSwaps`: resumable, reorg-aware swap streams (see docs/subscriptions.md). */
@Resolver(() => PoolSwap)
export class SwapResolver {
  @Subscription(() => PoolSwap, {
    description:
      'Uniswap V2/V3 swaps of one pool (or every pool of the chain) in (blockNumber, logIndex) order. Without fromBlock, swaps of blocks indexed after the subscription starts; with fromBlock, stored swaps are replayed ' +
      `first (at most ${MAX_REPLAY_BLOCKS} blocks back), then live ones follow with no gap and no duplicate. A reorg re-sends every delivered swap ` +
      'of an orphaned block with removed: true (newest first), then the replacement swaps. NOT_FOUND for an unknown chain or pool; BAD_USER_INPUT ' +
      '(extensions.reason, earliestBlock, latestBlock) for a fromBlock outside the replayable range.',
    subscribe: async ({ args, context }) => {
      const ctx = context as GraphQLContext;
      const { chainId, pool, fromBlock } = args as PoolSwapsArgs;
      const info = await ctx.repos.swaps.getChainInfo(chainId);
      if (!info) throw notFound('chain', chainId);
      const address = pool ? pool.toLowerCase() : null;
      if (address !== null && (await ctx.repos.swaps.getPoolPricing(chainId, [address])).length === 0) throw notFound('pool', `${chainId}:${pool}`);
      if (fromBlock !== null && fromBlock !== undefined) assertReplayable(fromBlock, info.indexedBlock, info.firstBlock);
      // Live only = from the block after the indexed head: swaps of blocks indexed earlier but published late are skipped.
      // Nothing indexed yet: from the first block published (the indexer's initial catch-up is not replayed).
      const from = fromBlock ?? (info.indexedBlock === null ? null : info.indexedBlock + 1);
      return createSwapStream({
        chainId, pool: address, fromBlock: from, finalityDepth: info.finalityDepth, repo: ctx.repos.swaps, pubsub: ctx.pubsub, logger: ctx.logger,
      });
    },
  })
  poolSwaps(@Args() _args: PoolSwapsArgs, @Root() swap: PoolSwap): PoolSwap {
    return swap;
  }
}
