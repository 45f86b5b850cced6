import { Arg, Ctx, Int, Query, Resolver } from 'type-graphql';
import { notFound } from '../../errors/apiErrors.js';
import { ChainStatusEnum, toChain } from '../chain/chain.type.js';
import type { GraphQLContext } from '../context.js';
import { Meta } from './meta.type.js';

/** `_meta(chainId)`: the newest indexed block, the head, lag and the market data's freshness. */
@Resolver()
export class MetaResolver {
  @Query(() => Meta, { name: '_meta', description: "Indexing freshness of a chain (The Graph's _meta). NOT_FOUND for an unknown chain." })
  async meta(@Arg('chainId', () => Int) chainId: number, @Ctx() ctx: GraphQLContext): Promise<Meta> {
    const entity = await ctx.loaders.chainById.load(chainId);
    if (!entity) throw notFound('chain', chainId);
    const chain = toChain(entity);
    const [block, totals] = await Promise.all([
      chain.indexedBlock === null ? null : ctx.repos.blocks.get(chainId, chain.indexedBlock),
      ctx.loaders.chainTotalsById.load(chainId),
    ]);
    return {
      chainId,
      block: block ? { number: block.number, hash: block.hash, timestamp: new Date(block.timestampSec * 1000) } : null,
      headBlock: chain.headBlock,
      lagBlocks: chain.lagBlocks,
      marketBlockNumber: totals?.blockNumber ?? null,
      marketUpdatedAt: totals?.updatedAt ?? null,
      status: chain.status,
      // 'shut down' is the indexer's detail for a clean stop (src/jobs/indexer/createChainIndexerJob.ts), not an error.
      hasIndexingErrors: chain.status === ChainStatusEnum.DEGRADED || (chain.status === ChainStatusEnum.STOPPED && chain.statusDetail !== 'shut down'),
    };
  }
}
