import { Arg, Args, Ctx, FieldResolver, Int, Query, Resolver, Root, Subscription } from 'type-graphql';
import { buildSnapshotSeries } from '../../analytics/buildSnapshotSeries.js';
import { badUserInput, notFound } from '../../errors/apiErrors.js';
import type { TokenPriceEvent } from '../../pubsub/events.js';
import { topics } from '../../pubsub/topics.js';
import { filterIterator } from '../common/filterIterator.js';
import { MIN_INTERVAL_DESCRIPTION, withMinInterval } from '../common/minInterval.js';
import { toHistoryRange } from '../common/historyRange.js';
import { PricePoint } from '../protocol/protocol.type.js';
import { HistoryArgs } from '../common/historyArgs.js';
import { tokenLoaderKey } from '../../datasources/loaders/createLoaders.js';
import { assertPageSize, buildConnection, type Connection } from '../common/connection.js';
import { decodeIntCursor, encodeCursor } from '../common/cursor.js';
import type { GraphQLContext } from '../context.js';
import { AddressScalar } from '../scalars/address.scalar.js';
import { TokenOrderBy, TokensArgs } from './token.args.js';
import type { OrderDirection } from '../common/orderDirection.js';
import type { TokenFilter as TokenFilterInput } from '../../datasources/db/repositories/marketRepository.js';
import { BlockFilter } from '../common/blockFilter.js';
import { dataNotAvailable, resolveBlockPoint } from '../common/resolveBlockPoint.js';
import { Candle } from './candle.type.js';
import { Token, TokenConnection, toToken, toTokenAt } from './token.type.js';

const CURSOR_KIND = 'tokens';

/** `tokens(block:)`: the chain's tokens with prices, filters and order as of that block. */
async function listTokensAt(
  ctx: GraphQLContext,
  args: { chainId: number; first: number; offset: number; orderBy: TokenOrderBy; orderDirection: OrderDirection; block: BlockFilter },
  filter: TokenFilterInput,
): Promise<Connection<Token>> {
  const { chainId, first, offset, orderBy, orderDirection } = args;
  if (orderBy === TokenOrderBy.confidence) throw badUserInput('confidence is not kept per block: order by priceUsd, symbol or address with block', 'orderBy');
  const point = await resolveBlockPoint(ctx, chainId, args.block);
  const page = await ctx.repos.market.listTokensAt(chainId, point, filter, { first, offset, orderBy, orderDirection });
  const nodes = page.rows.map((r) => toTokenAt(r.row, r.address, point));
  return buildConnection(nodes, page.hasNextPage, page.totalCount, (node) => encodeCursor(CURSOR_KIND, offset + nodes.indexOf(node) + 1));
}

/** `tokens`, `token`, `Token.priceHistory` and `tokenPriceUpdated`. */
@Resolver(() => Token)
export class TokenResolver {
  @Query(() => TokenConnection, { description: 'Tokens of a chain with their current USD price. Default order: priceUsd desc.' })
  async tokens(@Args() { chainId, first, after, where, orderBy, orderDirection, block }: TokensArgs, @Ctx() ctx: GraphQLContext): Promise<Connection<Token>> {
    assertPageSize(first);
    const offset = after ? decodeIntCursor(CURSOR_KIND, after) : 0;
    const filter = { symbolContainsNocase: where?.symbol_contains_nocase, addressIn: where?.address_in?.map((a) => a.toLowerCase()), priceUsdGt: where?.priceUsd_gt };
    if (block) return listTokensAt(ctx, { chainId, first, offset, orderBy, orderDirection, block }, filter);
    const page = await ctx.repos.market.listTokens(chainId, filter, { first, offset, orderBy, orderDirection });
    for (const row of page.rows) ctx.loaders.tokenByKey.prime(tokenLoaderKey(row.chainId, row.address), row);
    const nodes = page.rows.map((row, index) => ({ token: toToken(row, chainId, row.address), position: offset + index + 1 }));
    const connection = buildConnection(nodes, page.hasNextPage, page.totalCount, (n) => encodeCursor(CURSOR_KIND, n.position));
    return { ...connection, nodes: nodes.map((n) => n.token), edges: connection.edges.map((e) => ({ cursor: e.cursor, node: e.node.token })) };
  }

  @Query(() => Token, { description: 'One token. Errors with NOT_FOUND when the market job has not seen it. With block: its price as of that block (BLOCK_NOT_INDEXED above the indexed head, DATA_NOT_AVAILABLE before its first snapshot).' })
  async token(
    @Arg('chainId', () => Int) chainId: number,
    @Arg('address', () => AddressScalar) address: string,
    @Arg('block', () => BlockFilter, { nullable: true, description: 'Point in time (The Graph style)' }) block: BlockFilter | null,
    @Ctx() ctx: GraphQLContext,
  ): Promise<Token> {
    const row = await ctx.loaders.tokenByKey.load(tokenLoaderKey(chainId, address));
    if (!row) throw notFound('token', `${chainId}:${address}`);
    if (!block) return toToken(row, chainId, row.address);
    const point = await resolveBlockPoint(ctx, chainId, block);
    const at = await ctx.loaders.tokenAt.load({ chainId, address: row.address, number: point.number, timestampSec: point.timestampSec });
    if (at.priceUsd === null) throw dataNotAvailable(`token ${chainId}:${row.address} has no price snapshot at or before block ${point.number}`);
    return toTokenAt(at, row.address, point);
  }

  @Subscription(() => Token, {
    description: 'A token whenever the market job changes its price or confidence (at most once per refresh). Filter with tokens.',
    subscribe: ({ args, context }) => {
      const ctx = context as GraphQLContext;
      const wanted = (args.tokens as string[] | null | undefined)?.map((a) => a.toLowerCase()) ?? null;
      if (wanted !== null && (wanted.length === 0 || wanted.length > 1000)) throw badUserInput('tokens must list 1 to 1000 addresses', 'tokens');
      const keep = wanted === null ? null : new Set(wanted);
      return withMinInterval<TokenPriceEvent>(args.minIntervalMs as number | null | undefined, (e) => e.address, () =>
        filterIterator(ctx.pubsub.subscribe<TokenPriceEvent>(topics.tokenPriceUpdated(args.chainId as number)), (e) => keep === null || keep.has(e.address)));
    },
  })
  tokenPriceUpdated(
    @Arg('chainId', () => Int) chainId: number,
    @Arg('tokens', () => [AddressScalar], { nullable: true, description: 'Only these tokens (default: all of the chain)' }) _tokens: string[] | null,
    @Arg('minIntervalMs', () => Int, { nullable: true, description: MIN_INTERVAL_DESCRIPTION }) _minIntervalMs: number | null,
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
    @Args() { interval, from, to }: HistoryArgs,
    @Ctx() ctx: GraphQLContext,
  ): Promise<PricePoint[]> {
    const { fromSec, toSec } = toHistoryRange(interval, from, to ?? null, ctx.principal);
    const points = await ctx.repos.market.getPriceSnapshots(token.chainId, token.address.toLowerCase(), fromSec, toSec, interval);
    return buildSnapshotSeries({ points, interval, fromSec, toSec }).map((p) => ({ timestamp: new Date(p.timestampSec * 1000), priceUsd: p.value }));
  }

  @FieldResolver(() => [Candle], { description: 'OHLC candles (hourly table, or the daily one for DAY) starting in [from, to]; buckets without a computed price are absent. Batched per request across tokens asking the same range. BAD_USER_INPUT for an inverted or too long range.' })
  async candles(
    @Root() token: Token,
    @Args() { interval, from, to }: HistoryArgs,
    @Ctx() ctx: GraphQLContext,
  ): Promise<Candle[]> {
    const { fromSec, toSec } = toHistoryRange(interval, from, to ?? null, ctx.principal);
    // Without `to` the bound is "now": leave it open so every token of the request shares one loader (and statement).
    const rows = await ctx.loaders.candles(interval, fromSec, to ? toSec : null).load(tokenLoaderKey(token.chainId, token.address));
    return rows.map((r) => ({ timestamp: new Date(r.timestampSec * 1000), open: r.open, high: r.high, low: r.low, close: r.close }));
  }
}
