import { Ctx, FieldResolver, Float, Int, Resolver, Root } from 'type-graphql';
import { getPercentChanges } from '../../analytics/getPercentChanges.js';
import type { ChainTotalsRow } from '../../datasources/db/repositories/marketRepository.js';
import type { GraphQLContext } from '../context.js';
import { DateTimeScalar } from '../scalars/dateTime.scalar.js';
import { Chain } from './chain.type.js';

const total = async (ctx: GraphQLContext, chain: Chain, field: keyof ChainTotalsRow & `${string}Usd${string}`): Promise<number> =>
  (await ctx.loaders.chainTotalsById.load(chain.chainId))?.[field] ?? 0;

async function getChanges(ctx: GraphQLContext, chain: Chain) {
  const [totals, points] = await Promise.all([ctx.loaders.chainTotalsById.load(chain.chainId), ctx.loaders.chainTvlSnapshotsById.load(chain.chainId)]);
  return getPercentChanges(points, Math.floor(Date.now() / 1000), totals ? { currentValue: totals.tvlUsd } : {});
}

/** Market totals and their freshness on `Chain`, batched per request (one SQL statement per kind for any number of chains). */
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

  @FieldResolver(() => Float, { description: 'Swap fees of the last 24h on this chain, USD' })
  feesUsd24h(@Root() chain: Chain, @Ctx() ctx: GraphQLContext): Promise<number> {
    return total(ctx, chain, 'feesUsd24h');
  }

  @FieldResolver(() => Float, { description: 'Swap volume of the last 7 days on this chain, USD' })
  volumeUsd7d(@Root() chain: Chain, @Ctx() ctx: GraphQLContext): Promise<number> {
    return total(ctx, chain, 'volumeUsd7d');
  }

  @FieldResolver(() => Float, { description: 'Swap volume of the last 30 days on this chain, USD' })
  volumeUsd30d(@Root() chain: Chain, @Ctx() ctx: GraphQLContext): Promise<number> {
    return total(ctx, chain, 'volumeUsd30d');
  }

  @FieldResolver(() => Float, { description: 'Swap fees of the last 7 days on this chain, USD' })
  feesUsd7d(@Root() chain: Chain, @Ctx() ctx: GraphQLContext): Promise<number> {
    return total(ctx, chain, 'feesUsd7d');
  }

  @FieldResolver(() => Float, { description: 'Swap fees of the last 30 days on this chain, USD' })
  feesUsd30d(@Root() chain: Chain, @Ctx() ctx: GraphQLContext): Promise<number> {
    return total(ctx, chain, 'feesUsd30d');
  }

  @FieldResolver(() => Float, { nullable: true, description: 'TVL change over 24h in percent (hourly snapshots summed over protocols); null without a snapshot a day old' })
  async change1d(@Root() chain: Chain, @Ctx() ctx: GraphQLContext): Promise<number | null> {
    return (await getChanges(ctx, chain)).change1d;
  }

  @FieldResolver(() => Float, { nullable: true, description: 'TVL change over 7 days in percent; null without a snapshot a week old' })
  async change7d(@Root() chain: Chain, @Ctx() ctx: GraphQLContext): Promise<number | null> {
    return (await getChanges(ctx, chain)).change7d;
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
