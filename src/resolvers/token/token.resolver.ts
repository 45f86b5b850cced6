import { Arg, Args, Ctx, FieldResolver, Int, Query, Resolver, Root, Subscription } from 'type-graphql';
import { buildSnapshotSeries } from '../../analytics/buildSnapshotSeries.js';
import { badUserInput, notFound } from '../../errors/apiErrors.js';
import type { TokenPriceEvent } from '../../pubsub/events.js';
import { topics } from '../../pubsub/topics.js';
import { filterIterator } from '../common/filterIterator.js';
import { toHistoryRange } from '../common/historyRange.js';
import { HistoryInterval, PricePoint } from '../protocol/protocol.type.js';
import { DateTimeScalar } from '../scalars/dateTime.scalar.js';
import { tokenLoaderKey } from '../../datasources/loaders/createLoaders.js';
import { assertPageSize, buildConnection, type Connection } from '../common/connection.js';
import { decodeIntCursor, encodeCursor } from '../common/cursor.js';
import type { GraphQLContext } from '../context.js';
import { AddressScalar } from '../scalars/address.scalar.js';
import { TokensArgs } from './token.args.js';
import { Token, TokenConnection, toToken } from './token.type.js';

const CURSOR_KIND = 'tokens';

/** `tokens`, `token`, `Token.priceHistory` and `tokenPriceUpdated`. */
@Resolver(() => Token)
export class TokenResolver {
  @Query(() => TokenConnection, { description: 'Tokens of a chain with their current USD price. Default order: priceUsd desc.' })
  async tokens(@Args() { chainId, first, after, where, orderBy, orderDirection }: TokensArgs, @Ctx() ctx: GraphQLContext): Promise<Connection<Token>> {
    assertPageSize(first);
    const offset = after ? decodeIntCursor(CURSOR_KIND, after) : 0;
    const page = await ctx.repos.market.listTokens(chainId, {
      symbolContainsNocase: where?.symbol_contains_nocase, addressIn: where?.address_in?.map((a) => a.toLowerCase()), priceUsdGt: where?.priceUsd_gt,
    }, { first, offset, orderBy, orderDirection });
    for (const row of page.rows) ctx.loaders.tokenByKey.prime(tokenLoaderKey(row.chainId, row.address), row);
    const nodes = page.rows.map((row, index) => ({ token: toToken(row, chainId, row.address), position: offset + index + 1 }));
    const connection = buildConnection(nodes, page.hasNextPage, page.totalCount, (n) => encodeCursor(CURSOR_KIND, n.position));
    return { ...connection, nodes: nodes.map((n) => n.token), edges: connection.edges.map((e) => ({ cursor: e.cursor, node: e.node.token })) };
  }

  @Query(() => Token, { description: 'One token. Errors with NOT_FOUND when the market job has not seen it.' })
  async token(@Arg('chainId', () => Int) chainId: number, @Arg('address', () => AddressScalar) address: string, @Ctx() ctx: GraphQLContext): Promise<Token> {
    const row = await ctx.loaders.tokenByKey.load(tokenLoaderKey(chainId, address));
    if (!row) throw notFound('token', `${chainId}:${address}`);
    return toToken(row, chainId, row.address);
  }

  @Subscription(() => Token, {
    description: 'A token whenever the market job changes its price or confidence (at most once per refresh). Filter with tokens.',
    subscribe: ({ args, context }) => {
      const ctx = context as GraphQLContext;
      const wanted = (args.tokens as string[] | null | undefined)?.map((a) => a.toLowerCase()) ?? null;
      if (wanted !== null && (wanted.length === 0 || wanted.length > 1000)) throw badUserInput('tokens must list 1 to 1000 addresses', 'tokens');
      const keep = wanted === null ? null : new Set(wanted);
      return filterIterator(ctx.pubsub.subscribe<TokenPriceEvent>(topics.tokenPriceUpdated(args.chainId as number)), (e) => keep === null || keep.has(e.address));
    },
  })
  tokenPriceUpdated(
    @Arg('chainId', () => Int) chainId: number,
    @Arg('tokens', () => [AddressScalar], { nullable: true, description: 'Only these tokens (default: all of the chain)' }) _tokens: string[] | null,
    @Root() event: TokenPriceEvent,
  ): Token {
    return {
      chainId, address: event.address, symbol: event.symbol, decimals: null, priceUsd: event.priceUsd, confidence: event.confidence,
      priceSource: null, priceBlockNumber: event.blockNumber, priceUpdatedAt: null,
    };
  }

  @FieldResolver(() => [PricePoint], { description: 'Hourly or daily USD price from stored snapshots (one SQL statement per token: use on single tokens). BAD_USER_INPUT for an inverted or too long range.' })
  async priceHistory(
    @Root() token: Token,
    @Arg('interval', () => HistoryInterval, { defaultValue: HistoryInterval.HOUR }) interval: HistoryInterval,
    @Arg('from', () => DateTimeScalar) from: Date,
    @Arg('to', () => DateTimeScalar, { nullable: true, description: 'Default: now' }) to: Date | null,
    @Ctx() ctx: GraphQLContext,
  ): Promise<PricePoint[]> {
    const { fromSec, toSec } = toHistoryRange(interval, from, to);
    const points = await ctx.repos.market.getPriceSnapshots(token.chainId, token.address.toLowerCase(), fromSec, toSec);
    return buildSnapshotSeries({ points, interval, fromSec, toSec }).map((p) => ({ timestamp: new Date(p.timestampSec * 1000), priceUsd: p.value }));
  }
}
