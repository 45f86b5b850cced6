import { Ctx, FieldResolver, Float, Int, Resolver, Root } from 'type-graphql';
import type { GraphQLContext } from '../context.js';
import { DateTimeScalar } from '../scalars/dateTime.scalar.js';
import { Chain } from './chain.type.js';

/** Market totals and their freshness on `Chain`, batched per request (one SQL statement for any number of chains). */
@Resolver(() => Chain)
export class ChainMarketResolver {
  @FieldResolver(() => Float, { description: 'Sum of the TVL of the protocols on this chain, USD (0 before the market job ran)' })
  async tvlUsd(@Root() chain: Chain, @Ctx() ctx: GraphQLContext): Promise<number> {
    return (await ctx.loaders.chainTotalsById.load(chain.chainId))?.tvlUsd ?? 0;
  }

  @FieldResolver(() => Float, { description: 'Lending borrows on this chain, USD, never inside tvlUsd' })
  async borrowedUsd(@Root() chain: Chain, @Ctx() ctx: GraphQLContext): Promise<number> {
    return (await ctx.loaders.chainTotalsById.load(chain.chainId))?.borrowedUsd ?? 0;
  }

  @FieldResolver(() => Float, { description: 'Swap volume of the last 24h on this chain, USD' })
  async volumeUsd24h(@Root() chain: Chain, @Ctx() ctx: GraphQLContext): Promise<number> {
    return (await ctx.loaders.chainTotalsById.load(chain.chainId))?.volumeUsd24h ?? 0;
  }

  @FieldResolver(() => Int, { nullable: true, description: 'Freshness: the indexed block the market numbers were computed at (null before the first run)' })
  async marketBlockNumber(@Root() chain: Chain, @Ctx() ctx: GraphQLContext): Promise<number | null> {
    return (await ctx.loaders.chainTotalsById.load(chain.chainId))?.blockNumber ?? null;
  }

  @FieldResolver(() => DateTimeScalar, { nullable: true, description: 'Freshness: when the market job last stored this chain' })
  async marketUpdatedAt(@Root() chain: Chain, @Ctx() ctx: GraphQLContext): Promise<Date | null> {
    return (await ctx.loaders.chainTotalsById.load(chain.chainId))?.updatedAt ?? null;
  }
}
