import type { GraphQLSchema } from 'graphql';
import { buildSchema, type PubSub } from 'type-graphql';
import { AccountResolver } from './account/account.resolver.js';
import { EndSubscriptionResolver } from './account/endSubscription.resolver.js';
import { MeUsageResolver } from './account/meUsage.resolver.js';
import { BlockResolver } from './block/block.resolver.js';
import { ChainResolver } from './chain/chain.resolver.js';
import { ChainMarketResolver } from './chain/chainMarket.resolver.js';
import { ChainTvlResolver } from './chain/chainTvl.resolver.js';
import { MarketResolver } from './market/market.resolver.js';
import { MetaResolver } from './meta/meta.resolver.js';
import { PoolResolver } from './pool/pool.resolver.js';
import { ProtocolResolver } from './protocol/protocol.resolver.js';
import { SwapResolver } from './swap/swap.resolver.js';
import { TokenResolver } from './token/token.resolver.js';

/** The resolvers that make up the public schema. */
export const resolvers = [ChainResolver, ChainMarketResolver, BlockResolver, TokenResolver, PoolResolver, ProtocolResolver, MarketResolver, MetaResolver, SwapResolver, ChainTvlResolver, AccountResolver, MeUsageResolver, EndSubscriptionResolver] as const;

/**
 * Every subscription here uses `subscribe: ({ context }) => context.pubsub.subscribe(...)`, so the schema never
 * touches type-graphql's pubSub; type-graphql still demands one, and this one fails loudly if a resolver ever
 * declares `topics` instead.
 */
const contextOnlyPubSub: PubSub = {
  publish: () => {
    throw new Error('publish through context.pubsub, not the schema pubSub');
  },
  subscribe: () => {
    throw new Error('subscriptions must use the `subscribe` option with context.pubsub, not `topics`');
  },
};

/** Builds the executable schema (no side effects: the emitted file is written by `npm run schema:emit`). */
export async function buildAppSchema(): Promise<GraphQLSchema> {
  return buildSchema({ resolvers, validate: false, emitSchemaFile: false, pubSub: contextOnlyPubSub });
}
