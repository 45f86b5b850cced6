import { Arg, Args, Ctx, FieldResolver, Float, Int, Query, Resolver, Root, Subscription } from 'type-graphql';
import { buildSnapshotSeries } from '../../analytics/buildSnapshotSeries.js';
import { getPercentChanges } from '../../analytics/getPercentChanges.js';
import { notFound } from '../../errors/apiErrors.js';
import { assertPageSize, buildConnection, type Connection } from '../common/connection.js';
import { decodeIntCursor, encodeCursor } from '../common/cursor.js';
import { toHistoryRange } from '../common/historyRange.js';
import type { GraphQLContext } from '../context.js';
import type { ProtocolTvlEvent } from '../../pubsub/events.js';
import { topics } from '../../pubsub/topics.js';
import { filterIterator } from '../common/filterIterator.js';
import { MIN_INTERVAL_DESCRIPTION, withMinInterval } from '../common/minInterval.js';
import { BlockFilter } from '../common/blockFilter.js';
import { dataNotAvailable } from '../common/resolveBlockPoint.js';
import { ProtocolsArgs } from './protocol.args.js';
import { listProtocolsAt, loadProtocolAt } from './loadProtocolAt.js';
import { toProtocol } from './toProtocol.js';
import { Protocol, ProtocolConnection, ProtocolTvlUpdate, TvlPoint } from './protocol.type.js';
import { HistoryArgs } from '../common/historyArgs.js';

const CURSOR_KIND = 'protocols';

async function getChanges(protocol: Protocol, ctx: GraphQLContext) {
  if (protocol.atBlock) throw dataNotAvailable('TVL changes are answered for now only: ask for them without block');
  const points = await ctx.loaders.tvlSnapshotsBySlug.load(protocol.slug);
  return getPercentChanges(points, Math.floor(Date.now() / 1000), { currentValue: protocol.tvlUsd });
}

/** `protocols`, `protocol`, `Protocol.change1d/tvlHistory` and `protocolTvlUpdated`. */
@Resolver(() => Protocol)
export class ProtocolResolver {
  @Query(() => ProtocolConnection, { description: 'Protocols with their totals over every chain. Default order: tvlUsd desc.' })
  async protocols(@Args() { first, after, orderBy, orderDirection, block }: ProtocolsArgs, @Ctx() ctx: GraphQLContext): Promise<Connection<Protocol>> {
    assertPageSize(first);
    const offset = after ? decodeIntCursor(CURSOR_KIND, after) : 0;
    if (block) return listProtocolsAt(ctx, { first, offset, orderBy, orderDirection }, block);
    const page = await ctx.repos.market.listProtocols({ first, offset, orderBy, orderDirection });
    const nodes = page.rows.map(toProtocol);
    return buildConnection(nodes, page.hasNextPage, page.totalCount, (node) => encodeCursor(CURSOR_KIND, offset + nodes.indexOf(node) + 1));
  }

  @Query(() => Protocol, { description: 'One protocol by slug. Errors with NOT_FOUND for an unknown slug. With block: TVL and borrowed as of then, from hourly snapshots (block.number only for a protocol on one chain).' })
  async protocol(
    @Arg('slug') slug: string,
    @Arg('block', () => BlockFilter, { nullable: true, description: 'Point in time (The Graph style)' }) block: BlockFilter | null,
    @Ctx() ctx: GraphQLContext,
  ): Promise<Protocol> {
    const row = await ctx.repos.market.getProtocol(slug);
    if (!row) throw notFound('protocol', slug);
    const protocol = toProtocol(row);
    return block ? loadProtocolAt(ctx, protocol, row.chainIds, block) : protocol;
  }

  @FieldResolver(() => Float, { nullable: true, description: 'TVL change over 24h in percent, from hourly snapshots; null without a snapshot a day old' })
  async change1d(@Root() protocol: Protocol, @Ctx() ctx: GraphQLContext): Promise<number | null> {
    return (await getChanges(protocol, ctx)).change1d;
  }

  @FieldResolver(() => Float, { nullable: true, description: 'TVL change over 7 days in percent, from hourly snapshots; null without a snapshot a week old' })
  async change7d(@Root() protocol: Protocol, @Ctx() ctx: GraphQLContext): Promise<number | null> {
    return (await getChanges(protocol, ctx)).change7d;
  }

  @FieldResolver(() => [TvlPoint], { description: 'Hourly or daily TVL from stored snapshots (the daily table for DAY). BAD_USER_INPUT when from is after to or the range is too long.' })
  async tvlHistory(
    @Root() protocol: Protocol,
    @Args() { interval, from, to }: HistoryArgs,
    @Ctx() ctx: GraphQLContext,
  ): Promise<TvlPoint[]> {
    const { fromSec, toSec } = toHistoryRange(interval, from, to ?? null, ctx.principal);
    const points = await ctx.repos.market.getTvlSnapshots(protocol.slug, fromSec, toSec, interval);
    return buildSnapshotSeries({ points, interval, fromSec, toSec }).map((p) => ({ timestamp: new Date(p.timestampSec * 1000), tvlUsd: p.value }));
  }

  @Subscription(() => ProtocolTvlUpdate, {
    description: "A protocol's TVL on a chain, whenever the market job changes it. Filter with slugs.",
    subscribe: ({ args, context }) => {
      const ctx = context as GraphQLContext;
      const slugs = (args.slugs as string[] | null | undefined) ?? null;
      return withMinInterval<ProtocolTvlEvent>(args.minIntervalMs as number | null | undefined, (e) => `${e.slug}:${e.chainId}`, () =>
        filterIterator(ctx.pubsub.subscribe<ProtocolTvlEvent>(topics.protocolTvlUpdated()), (e) => slugs === null || slugs.includes(e.slug)));
    },
  })
  protocolTvlUpdated(
    @Arg('slugs', () => [String], { nullable: true, description: 'Only these protocols (default: all)' }) _slugs: string[] | null,
    @Arg('minIntervalMs', () => Int, { nullable: true, description: MIN_INTERVAL_DESCRIPTION }) _minIntervalMs: number | null,
    @Root() event: ProtocolTvlEvent,
  ): ProtocolTvlUpdate {
    return { slug: event.slug, chainId: event.chainId, tvlUsd: event.tvlUsd, borrowedUsd: event.borrowedUsd, blockNumber: event.blockNumber };
  }
}
