import { Arg, Args, Ctx, FieldResolver, Int, Query, Resolver, Root } from 'type-graphql';
import { tokenLoaderKey } from '../../datasources/loaders/createLoaders.js';
import { notFound } from '../../errors/apiErrors.js';
import { getProtocolInfo } from '../../config/protocols.js';
import { assertPageSize, buildConnection, type Connection } from '../common/connection.js';
import { decodeIntCursor, encodeCursor } from '../common/cursor.js';
import type { GraphQLContext } from '../context.js';
import { ProtocolInfo } from '../protocol/protocol.type.js';
import { AddressScalar } from '../scalars/address.scalar.js';
import { Token, toToken } from '../token/token.type.js';
import { PoolsArgs } from './pool.args.js';
import { Pool, PoolConnection, toPool } from './pool.type.js';

const CURSOR_KIND = 'pools';

async function loadToken(ctx: GraphQLContext, chainId: number, address: string): Promise<Token> {
  return toToken(await ctx.loaders.tokenByKey.load(tokenLoaderKey(chainId, address)), chainId, address);
}

/** `pools`, `pool` and the batched `Pool.token0/token1`. */
@Resolver(() => Pool)
export class PoolResolver {
  @Query(() => PoolConnection, { description: 'Pools of a chain. Default order: tvlUsd desc.' })
  async pools(@Args() { chainId, first, after, where, orderBy, orderDirection }: PoolsArgs, @Ctx() ctx: GraphQLContext): Promise<Connection<Pool>> {
    assertPageSize(first);
    const offset = after ? decodeIntCursor(CURSOR_KIND, after) : 0;
    const page = await ctx.repos.market.listPools(chainId, {
      protocol: where?.protocol, tvlUsdGt: where?.tvlUsd_gt, tokenIn: where?.token_in?.map((a) => a.toLowerCase()),
    }, { first, offset, orderBy, orderDirection });
    const nodes = page.rows.map(toPool);
    return buildConnection(nodes, page.hasNextPage, page.totalCount, (node) => encodeCursor(CURSOR_KIND, offset + nodes.indexOf(node) + 1));
  }

  @Query(() => Pool, { description: 'One pool. Errors with NOT_FOUND when it is not indexed.' })
  async pool(@Arg('chainId', () => Int) chainId: number, @Arg('address', () => AddressScalar) address: string, @Ctx() ctx: GraphQLContext): Promise<Pool> {
    const row = await ctx.repos.market.getPool(chainId, address.toLowerCase());
    if (!row) throw notFound('pool', `${chainId}:${address}`);
    return toPool(row);
  }

  @FieldResolver(() => ProtocolInfo)
  protocol(@Root() pool: Pool): ProtocolInfo {
    return getProtocolInfo(pool.protocolSlug) ?? { slug: pool.protocolSlug, name: pool.protocolSlug, category: 'Unknown' };
  }

  @FieldResolver(() => Token, { description: 'Batched per request (DataLoader)' })
  token0(@Root() pool: Pool, @Ctx() ctx: GraphQLContext): Promise<Token> {
    return loadToken(ctx, pool.chainId, pool.token0Address);
  }

  @FieldResolver(() => Token, { description: 'Batched per request (DataLoader)' })
  token1(@Root() pool: Pool, @Ctx() ctx: GraphQLContext): Promise<Token> {
    return loadToken(ctx, pool.chainId, pool.token1Address);
  }
}
