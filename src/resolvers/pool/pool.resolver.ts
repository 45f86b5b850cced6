import { Arg, Args, Ctx, FieldResolver, Int, Query, Resolver, Root } from 'type-graphql';
import { tokenLoaderKey } from '../../datasources/loaders/createLoaders.js';
import { badUserInput, notFound } from '../../errors/apiErrors.js';
import { getProtocolInfo } from '../../config/protocols.js';
import { assertPageSize, buildConnection, type Connection } from '../common/connection.js';
import { decodeIntCursor, encodeCursor } from '../common/cursor.js';
import type { GraphQLContext } from '../context.js';
import { ProtocolInfo } from '../protocol/protocol.type.js';
import { AddressScalar } from '../scalars/address.scalar.js';
import { Token, toToken, toTokenAt } from '../token/token.type.js';
import { unitsToNumber } from '../../analytics/unitsToNumber.js';
import { BlockFilter } from '../common/blockFilter.js';
import { dataNotAvailable, resolveBlockPoint, type BlockPoint } from '../common/resolveBlockPoint.js';
import type { PoolStatRow } from '../../datasources/db/repositories/marketRepository.js';
import { PoolOrderBy, PoolsArgs } from './pool.args.js';
import { Pool, PoolConnection, toPool } from './pool.type.js';

const CURSOR_KIND = 'pools';

async function loadToken(ctx: GraphQLContext, chainId: number, address: string, point?: BlockPoint): Promise<Token> {
  if (!point) return toToken(await ctx.loaders.tokenByKey.load(tokenLoaderKey(chainId, address)), chainId, address);
  return toTokenAt(await ctx.loaders.tokenAt.load({ chainId, address, number: point.number, timestampSec: point.timestampSec }), address, point);
}

/** A pool as of a block: reserves from the indexed events, TVL = those reserves x the tokens' prices at that block. */
async function loadPoolAt(ctx: GraphQLContext, row: PoolStatRow, point: BlockPoint): Promise<Pool> {
  const reserves = await ctx.repos.market.getPoolReservesAt(row, point.number);
  if (!reserves) throw dataNotAvailable(`pool ${row.chainId}:${row.address} has no indexed state at or before block ${point.number}`);
  const [token0, token1] = await Promise.all([loadToken(ctx, row.chainId, row.token0, point), loadToken(ctx, row.chainId, row.token1, point)]);
  const value = (raw: bigint, token: Token) => (token.decimals === null || token.priceUsd === null ? 0 : unitsToNumber(raw, token.decimals) * token.priceUsd);
  return {
    ...toPool(row), reserve0: reserves.reserve0, reserve1: reserves.reserve1, blockNumber: reserves.blockNumber,
    tvlUsd: value(reserves.reserve0, token0) + value(reserves.reserve1, token1), atBlock: point,
  };
}

/** `pools`, `pool` and the batched `Pool.token0/token1`. */
@Resolver(() => Pool)
export class PoolResolver {
  @Query(() => PoolConnection, { description: 'Pools of a chain. Default order: tvlUsd desc.' })
  async pools(@Args() { chainId, first, after, where, orderBy, orderDirection, block }: PoolsArgs, @Ctx() ctx: GraphQLContext): Promise<Connection<Pool>> {
    assertPageSize(first);
    const offset = after ? decodeIntCursor(CURSOR_KIND, after) : 0;
    const filter = { protocol: where?.protocol, tvlUsdGt: where?.tvlUsd_gt, tokenIn: where?.token_in?.map((a) => a.toLowerCase()) };
    let nodes: Pool[];
    let page: { hasNextPage: boolean; totalCount: number };
    if (block) {
      if (orderBy !== PoolOrderBy.tvlUsd) throw badUserInput(`${orderBy} is not kept per block: order by tvlUsd with block`, 'orderBy');
      const point = await resolveBlockPoint(ctx, chainId, block);
      const rows = await ctx.repos.market.listPoolsAt(chainId, point, filter, { first, offset, orderBy, orderDirection });
      nodes = rows.rows.map((row) => ({ ...toPool(row), atBlock: point }));
      page = rows;
    } else {
      const rows = await ctx.repos.market.listPools(chainId, filter, { first, offset, orderBy, orderDirection });
      nodes = rows.rows.map(toPool);
      page = rows;
    }
    return buildConnection(nodes, page.hasNextPage, page.totalCount, (node) => encodeCursor(CURSOR_KIND, offset + nodes.indexOf(node) + 1));
  }

  @Query(() => Pool, { description: 'One pool. Errors with NOT_FOUND when it is not indexed. With block: reserves, TVL and tokens as of that block (volumes and fees answer DATA_NOT_AVAILABLE).' })
  async pool(
    @Arg('chainId', () => Int) chainId: number,
    @Arg('address', () => AddressScalar) address: string,
    @Arg('block', () => BlockFilter, { nullable: true, description: 'Point in time (The Graph style)' }) block: BlockFilter | null,
    @Ctx() ctx: GraphQLContext,
  ): Promise<Pool> {
    const row = await ctx.repos.market.getPool(chainId, address.toLowerCase());
    if (!row) throw notFound('pool', `${chainId}:${address}`);
    if (!block) return toPool(row);
    return loadPoolAt(ctx, row, await resolveBlockPoint(ctx, chainId, block));
  }

  @FieldResolver(() => ProtocolInfo)
  protocol(@Root() pool: Pool): ProtocolInfo {
    return getProtocolInfo(pool.protocolSlug) ?? { slug: pool.protocolSlug, name: pool.protocolSlug, category: 'Unknown' };
  }

  @FieldResolver(() => Token, { description: 'Batched per request (DataLoader)' })
  token0(@Root() pool: Pool, @Ctx() ctx: GraphQLContext): Promise<Token> {
    return loadToken(ctx, pool.chainId, pool.token0Address, pool.atBlock);
  }

  @FieldResolver(() => Token, { description: 'Batched per request (DataLoader)' })
  token1(@Root() pool: Pool, @Ctx() ctx: GraphQLContext): Promise<Token> {
    return loadToken(ctx, pool.chainId, pool.token1Address, pool.atBlock);
  }
}
