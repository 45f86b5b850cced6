import { badUserInput } from '../../errors/apiErrors.js';
import type { BlockFilter } from '../common/blockFilter.js';
import { dataNotAvailable, resolveBlockPoint, type BlockPoint } from '../common/resolveBlockPoint.js';
import type { GraphQLContext } from '../context.js';
import { ProtocolOrderBy } from './protocol.args.js';
import type { Protocol } from './protocol.type.js';
import { toProtocol } from './toProtocol.js';
import { buildConnection, type Connection } from '../common/connection.js';
import { encodeCursor } from '../common/cursor.js';
import type { OrderDirection } from '../common/orderDirection.js';

/**
 * A protocol as of a point in time: TVL and borrowed summed over its chains' latest hourly snapshots at or before it.
 * A block number only means something on one chain, so it needs a protocol on exactly one chain; a timestamp is
 * checked against every chain's indexed head.
 * @throws ApiError BAD_USER_INPUT (block.number on a multi-chain protocol), BLOCK_NOT_INDEXED, DATA_NOT_AVAILABLE.
 */
export async function loadProtocolAt(ctx: GraphQLContext, protocol: Protocol, chainIds: number[], block: BlockFilter): Promise<Protocol> {
  const byNumber = block.number !== null && block.number !== undefined;
  if (byNumber && chainIds.length !== 1) {
    throw badUserInput(`block.number is ambiguous for ${protocol.slug}, which is on ${chainIds.length} chains: use block.timestamp`, 'block');
  }
  const points = await Promise.all(chainIds.map((chainId) => resolveBlockPoint(ctx, chainId, block)));
  const point: BlockPoint = points[0]!;
  const timestampSec = byNumber ? point.timestampSec : Math.floor(block.timestamp!.getTime() / 1000);
  // Each chain's snapshot is bounded by that chain's block at the time, never computed after it.
  const rows = await ctx.repos.market.getProtocolTvlAt(protocol.slug, points, timestampSec);
  if (rows.length === 0) throw dataNotAvailable(`protocol ${protocol.slug} has no TVL snapshot at or before ${byNumber ? `block ${point.number}` : block.timestamp!.toISOString()}`);
  const names = new Map(chainIds.map((id, i) => [id, protocol.chains[i] ?? String(id)]));
  return {
    ...protocol, chains: rows.map((r) => names.get(r.chainId) ?? String(r.chainId)),
    tvlUsd: rows.reduce((sum, r) => sum + r.tvlUsd, 0), borrowedUsd: rows.reduce((sum, r) => sum + r.borrowedUsd, 0), atBlock: point,
  };
}

/**
 * `protocols(block:)`: protocols with TVL and borrowed at a time, ordered by that TVL. Only `block.timestamp` (a
 * number belongs to one chain); the time is checked against the indexed head of every chain with a protocol.
 * @throws ApiError BAD_USER_INPUT (block.number, or an order other than tvlUsd), BLOCK_NOT_INDEXED, DATA_NOT_AVAILABLE.
 */
export async function listProtocolsAt(
  ctx: GraphQLContext,
  request: { first: number; offset: number; orderBy: ProtocolOrderBy; orderDirection: OrderDirection },
  block: BlockFilter,
): Promise<Connection<Protocol>> {
  if (block.number !== null && block.number !== undefined) throw badUserInput('protocols span chains: use block.timestamp (block.number belongs to one chain)', 'block');
  if (!block.timestamp) throw badUserInput('protocols(block:) needs block.timestamp', 'block');
  if (request.orderBy !== ProtocolOrderBy.tvlUsd) throw badUserInput(`${request.orderBy} is not kept per block: order by tvlUsd with block`, 'orderBy');
  const chainIds = [...new Set((await ctx.repos.market.getProtocolChainTvls()).map((c) => c.chainId))];
  const points = await Promise.all(chainIds.map((chainId) => resolveBlockPoint(ctx, chainId, block)));
  const timestampSec = Math.floor(block.timestamp.getTime() / 1000);
  const page = await ctx.repos.market.listProtocolsAt(timestampSec, points, { ...request, orderBy: 'tvlUsd' });
  const point: BlockPoint = { ...(points[0] ?? { chainId: 0, number: 0 }), timestampSec };
  const nodes = page.rows.map((row) => ({ ...toProtocol(row), atBlock: point }));
  return buildConnection(nodes, page.hasNextPage, page.totalCount, (node) => encodeCursor('protocols', request.offset + nodes.indexOf(node) + 1));
}
