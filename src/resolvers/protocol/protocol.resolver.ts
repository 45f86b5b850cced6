import { Arg, Args, Ctx, FieldResolver, Float, Query, Resolver, Root, Subscription } from 'type-graphql';
import { buildSnapshotSeries } from '../../analytics/buildSnapshotSeries.js';
import { getPercentChanges } from '../../analytics/getPercentChanges.js';
import type { ProtocolTotalsRow } from '../../datasources/db/repositories/marketRepository.js';
import { notFound } from '../../errors/apiErrors.js';
import { getProtocolInfo } from '../../config/protocols.js';
import { assertPageSize, buildConnection, type Connection } from '../common/connection.js';
import { decodeIntCursor, encodeCursor } from '../common/cursor.js';
import { toHistoryRange } from '../common/historyRange.js';
import type { GraphQLContext } from '../context.js';
import { DateTimeScalar } from '../scalars/dateTime.scalar.js';
import type { ProtocolTvlEvent } from '../../pubsub/events.js';
import { topics } from '../../pubsub/topics.js';
import { filterIterator } from '../common/filterIterator.js';
import { ProtocolsArgs } from './protocol.args.js';
import { HistoryInterval, Protocol, ProtocolConnection, ProtocolTvlUpdate, TvlPoint } from './protocol.type.js';

const CURSOR_KIND = 'protocols';

function toProtocol(row: ProtocolTotalsRow): Protocol {
  const info = getProtocolInfo(row.slug) ?? { slug: row.slug, name: row.slug, category: 'Unknown' };
  return { ...info, chains: row.chainNames, tvlUsd: row.tvlUsd, borrowedUsd: row.borrowedUsd, volumeUsd24h: row.volumeUsd24h, feesUsd24h: row.feesUsd24h };
}

/** `protocols`, `protocol`, `Protocol.change1d/tvlHistory` and `protocolTvlUpdated`. */
@Resolver(() => Protocol)
export class ProtocolResolver {
  @Query(() => ProtocolConnection, { description: 'Protocols with their totals over every chain. Default order: tvlUsd desc.' })
  async protocols(@Args() { first, after, orderBy, orderDirection }: ProtocolsArgs, @Ctx() ctx: GraphQLContext): Promise<Connection<Protocol>> {
    assertPageSize(first);
    const offset = after ? decodeIntCursor(CURSOR_KIND, after) : 0;
    const page = await ctx.repos.market.listProtocols({ first, offset, orderBy, orderDirection });
    const nodes = page.rows.map(toProtocol);
    return buildConnection(nodes, page.hasNextPage, page.totalCount, (node) => encodeCursor(CURSOR_KIND, offset + nodes.indexOf(node) + 1));
  }

  @Query(() => Protocol, { description: 'One protocol by slug. Errors with NOT_FOUND for an unknown slug.' })
  async protocol(@Arg('slug') slug: string, @Ctx() ctx: GraphQLContext): Promise<Protocol> {
    const row = await ctx.repos.market.getProtocol(slug);
    if (!row) throw notFound('protocol', slug);
    return toProtocol(row);
  }

  @FieldResolver(() => Float, { nullable: true, description: 'TVL change over 24h in percent, from hourly snapshots; null without a snapshot a day old' })
  async change1d(@Root() protocol: Protocol, @Ctx() ctx: GraphQLContext): Promise<number | null> {
    const nowSec = Math.floor(Date.now() / 1000);
    const points = await ctx.loaders.tvlSnapshotsBySlug.load(protocol.slug);
    return getPercentChanges(points, nowSec, { currentValue: protocol.tvlUsd }).change1d;
  }

  @FieldResolver(() => [TvlPoint], { description: 'Hourly or daily TVL from stored snapshots. BAD_USER_INPUT when from is after to or the range is too long.' })
  async tvlHistory(
    @Root() protocol: Protocol,
    @Arg('interval', () => HistoryInterval, { defaultValue: HistoryInterval.HOUR }) interval: HistoryInterval,
    @Arg('from', () => DateTimeScalar) from: Date,
    @Arg('to', () => DateTimeScalar, { nullable: true, description: 'Default: now' }) to: Date | null,
    @Ctx() ctx: GraphQLContext,
  ): Promise<TvlPoint[]> {
    const { fromSec, toSec } = toHistoryRange(interval, from, to);
    const points = await ctx.repos.market.getTvlSnapshots(protocol.slug, fromSec, toSec);
    return buildSnapshotSeries({ points, interval, fromSec, toSec }).map((p) => ({ timestamp: new Date(p.timestampSec * 1000), tvlUsd: p.value }));
  }

  @Subscription(() => ProtocolTvlUpdate, {
    description: "A protocol's TVL on a chain, whenever the market job changes it. Filter with slugs.",
    subscribe: ({ args, context }) => {
      const ctx = context as GraphQLContext;
      const slugs = (args.slugs as string[] | null | undefined) ?? null;
      return filterIterator(ctx.pubsub.subscribe<ProtocolTvlEvent>(topics.protocolTvlUpdated()), (e) => slugs === null || slugs.includes(e.slug));
    },
  })
  protocolTvlUpdated(
    @Arg('slugs', () => [String], { nullable: true, description: 'Only these protocols (default: all)' }) _slugs: string[] | null,
    @Root() event: ProtocolTvlEvent,
  ): ProtocolTvlUpdate {
    return { slug: event.slug, chainId: event.chainId, tvlUsd: event.tvlUsd, borrowedUsd: event.borrowedUsd, blockNumber: event.blockNumber };
  }
}
