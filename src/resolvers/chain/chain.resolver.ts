import { Arg, Ctx, Int, Query, Resolver } from 'type-graphql';
import { notFound } from '../../errors/apiErrors.js';
import type { GraphQLContext } from '../context.js';
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
}
