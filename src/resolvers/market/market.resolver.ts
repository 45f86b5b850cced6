import { Arg, Args, Ctx, Int, Query, Resolver } from 'type-graphql';
import { getPercentChanges } from '../../analytics/getPercentChanges.js';
import { notFound } from '../../errors/apiErrors.js';
import { toHistoryRange } from '../common/historyRange.js';
import type { GraphQLContext } from '../context.js';
import { TvlPoint } from '../protocol/protocol.type.js';
import { HistoryArgs } from '../common/historyArgs.js';
import { MarketOverview } from './market.type.js';

const CHANGE_WINDOW_SEC = 2 * 86_400 + 3600;

/** `overview` and `chainTvlHistory`: market-wide and per-chain totals. */
@Resolver()
export class MarketResolver {
  @Query(() => MarketOverview, { description: 'Totals over every protocol on every indexed chain (two SQL statements).' })
  async overview(@Ctx() ctx: GraphQLContext): Promise<MarketOverview> {
    const nowSec = Math.floor(Date.now() / 1000);
    const [totals, points] = await Promise.all([ctx.repos.market.getOverview(), ctx.repos.market.getTotalTvlSnapshotsSince(nowSec - CHANGE_WINDOW_SEC)]);
    return { ...totals, change1d: getPercentChanges(points, nowSec, { currentValue: totals.tvlUsd }).change1d };
  }

  @Query(() => [TvlPoint], {
    description: "TVL of a chain (or of every chain without chainId) per bucket: the sum of its protocols' snapshots, each carried over its gaps; "
      + 'the daily table for DAY. NOT_FOUND for an unknown chain, BAD_USER_INPUT for an inverted or too long range.',
  })
  async chainTvlHistory(
    @Arg('chainId', () => Int, { nullable: true, description: 'Default: all chains' }) chainId: number | null,
    @Args() { interval, from, to }: HistoryArgs,
    @Ctx() ctx: GraphQLContext,
  ): Promise<TvlPoint[]> {
    const { fromSec, toSec } = toHistoryRange(interval, from, to ?? null, ctx.principal);
    if (typeof chainId === 'number' && !(await ctx.loaders.chainById.load(chainId))) throw notFound('chain', chainId);
    const points = await ctx.repos.market.getChainTvlSeries(chainId ?? null, interval, fromSec, toSec);
    return points.map((p) => ({ timestamp: new Date(p.timestampSec * 1000), tvlUsd: p.value }));
  }
}
