import { Arg, Args, Ctx, Int, Query, Resolver, Root, Subscription } from 'type-graphql';
import { notFound } from '../../errors/apiErrors.js';
import type { BlockEvent } from '../../pubsub/events.js';
import { topics } from '../../pubsub/topics.js';
import { assertPageSize, buildConnection, type Connection } from '../common/connection.js';
import { decodeIntCursor, encodeCursor } from '../common/cursor.js';
import type { GraphQLContext } from '../context.js';
import { BlocksArgs } from './block.args.js';
import { Block, BlockConnection, toBlock } from './block.type.js';

const CURSOR_KIND = 'block';

async function assertChainExists(ctx: GraphQLContext, chainId: number): Promise<void> {
  if (!(await ctx.loaders.chainById.load(chainId))) throw notFound('chain', chainId);
}

@Resolver(() => Block)
export class BlockResolver {
  @Query(() => BlockConnection, { description: 'Indexed blocks of a chain, newest first.' })
  async blocks(@Args() { chainId, first, after }: BlocksArgs, @Ctx() ctx: GraphQLContext): Promise<Connection<Block>> {
    assertPageSize(first);
    const before = after ? decodeIntCursor(CURSOR_KIND, after) : undefined;
    await assertChainExists(ctx, chainId);
    const [page, totalCount] = await Promise.all([ctx.repos.blocks.page(chainId, first, before), ctx.repos.blocks.count(chainId)]);
    return buildConnection(page.blocks.map(toBlock), page.hasNextPage, totalCount, (b) => encodeCursor(CURSOR_KIND, b.number));
  }

  @Subscription(() => Block, {
    description: 'Every block stored for the chain, as it is indexed. Errors with NOT_FOUND for an unknown chain id.',
    subscribe: async ({ args, context }) => {
      const ctx = context as GraphQLContext;
      await assertChainExists(ctx, args.chainId as number);
      return ctx.pubsub.subscribe<BlockEvent>(topics.blockAdded(args.chainId as number));
    },
  })
  blockAdded(@Arg('chainId', () => Int) _chainId: number, @Root() event: BlockEvent): Block {
    return toBlock(event);
  }
}
