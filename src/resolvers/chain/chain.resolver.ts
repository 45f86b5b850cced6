import { Arg, Ctx, Int, Query, Resolver, Root, Subscription } from 'type-graphql';
import { notFound } from '../../errors/apiErrors.js';
import type { ChainStatusEvent } from '../../pubsub/events.js';
import { topics } from '../../pubsub/topics.js';
import type { GraphQLContext } from '../context.js';
import { filterIterator } from '../common/filterIterator.js';
import { Chain, toChain } from './chain.type.js';

@Resolver(() => Chain)
export class ChainResolver {
  @Query(() => [Chain], { description: 'Every indexed chain with its follower status (a small, bounded list).' })
  async chains(@Ctx() ctx: GraphQLContext): Promise<Chain[]> {
    const rows = await ctx.repos.chains.list();
    for (const row of rows) ctx.loaders.chainById.prime(row.chainId, row);
    return rows.map(toChain);
  }

  @Query(() => Chain, { description: 'One chain. Errors with NOT_FOUND for an unknown chain id.' })
  async chain(@Arg('chainId', () => Int) chainId: number, @Ctx() ctx: GraphQLContext): Promise<Chain> {
    const row = await ctx.loaders.chainById.load(chainId);
    if (!row) throw notFound('chain', chainId);
    return toChain(row);
  }

  @Subscription(() => Chain, {
    description: 'A chain whenever its indexing status changes (live, syncing, degraded, stopped). Filter with chainIds.',
    subscribe: async ({ args, context }) => {
      const ctx = context as GraphQLContext;
      const ids = (args.chainIds as number[] | null | undefined) ?? null;
      for (const id of ids ?? []) if (!(await ctx.loaders.chainById.load(id))) throw notFound('chain', id);
      return filterIterator(ctx.pubsub.subscribe<ChainStatusEvent>(topics.chainStatus()), (e) => ids === null || ids.includes(e.chainId));
    },
  })
  async chainStatusChanged(
    @Arg('chainIds', () => [Int], { nullable: true, description: 'Only these chains (default: all)' }) _chainIds: number[] | null,
    @Root() event: ChainStatusEvent,
    @Ctx() ctx: GraphQLContext,
  ): Promise<Chain> {
    const row = await ctx.repos.chains.getMany([event.chainId]);
    const base = row[0];
    if (!base) throw notFound('chain', event.chainId);
    return toChain({ ...base, status: event.status, statusDetail: event.detail, headBlock: event.headBlock ?? base.headBlock, indexedBlock: event.indexedBlock ?? base.indexedBlock });
  }
}
