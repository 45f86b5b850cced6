import { createRequestGuard } from '../auth/createRequestGuard.js';
import type { Principal } from '../auth/principal.js';
import { mergeTierOverrides, type TierOverrides } from '../auth/tiers.js';
import type { Common } from '../common/common.js';
import { createDatabase, pgliteDirOf, type Database } from '../datasources/db/createDatabase.js';
import { createApiKeyRepository } from '../datasources/db/repositories/apiKeyRepository.js';
import { createBlockRepository } from '../datasources/db/repositories/blockRepository.js';
import { createChainRepository } from '../datasources/db/repositories/chainRepository.js';
import { createMarketRepository, type MarketRepository } from '../datasources/db/repositories/marketRepository.js';
import { createSwapRepository } from '../datasources/db/repositories/swapRepository.js';
import { createLoaders, type Loaders } from '../datasources/loaders/createLoaders.js';
import { createChainWorker, type ChainWorker } from '../jobs/indexer/createChainWorker.js';
import { createMarketJob } from '../jobs/market/createMarketJob.js';
import { createReadCache } from '../datasources/cache/createReadCache.js';
import { createMemoryPubSub } from '../pubsub/createMemoryPubSub.js';
import { createRedisPubSub } from '../pubsub/createRedisPubSub.js';
import type { MarketUpdatedEvent } from '../pubsub/events.js';
import type { PubSubEngine } from '../pubsub/pubSubEngine.js';
import { topics } from '../pubsub/topics.js';
import { buildAppSchema } from '../resolvers/buildSchema.js';
import type { GraphQLContext, Repositories } from '../resolvers/context.js';
import { createApiServer, type ApiServer } from '../server/createApiServer.js';
import type { ReadinessCheck } from '../server/health.js';
import { createRestRouter } from '../server/rest/createRestRouter.js';
import { createUiRouter } from '../server/ui/createUiRouter.js';
import type { UsageMeter } from '../usage/createUsageMeter.js';
import { createUsageServices } from '../usage/createUsageServices.js';
import { resolveChains } from './resolveChains.js';

/** A running platform process. */
export interface App {
  /** The bound HTTP port (API and health). */
  port: number;
  db: Database;
  pubsub: PubSubEngine;
  followers: ChainWorker[];
  /** Usage metering (API roles only). */
  usage: UsageMeter | undefined;
  /** Stops everything in order: HTTP and WebSockets, jobs, devnet, pub/sub, database. Idempotent. */
  stop(): Promise<void>;
}

function readinessChecks(db: Database, pubsub: PubSubEngine, followers: ChainWorker[]): ReadinessCheck[] {
  const checks: ReadinessCheck[] = [
    { name: 'database', critical: true, check: async () => ({ ok: await db.ping(), detail: db.kind }) },
  ];
  if (pubsub.kind === 'redis') checks.push({ name: 'redis', critical: true, check: async () => ({ ok: pubsub.isReady() }) });
  for (const follower of followers) {
    checks.push({
      name: `chain:${follower.chainId}`,
      critical: false,
      check: async () => {
        const s = follower.snapshot();
        return { ok: s.status === 'live' || s.status === 'syncing' || s.status === 'standby', detail: s.detail ? `${s.status}: ${s.detail}` : s.status };
      },
    });
  }
  return checks;
}

/** Seams for benchmarks and tests; production passes none. */
export interface AppOverrides {
  /** Builds the per-request DataLoaders (default {@link createLoaders}); `bench/api` swaps in a non-batching baseline. */
  createLoaders?: (repos: Repositories) => Loaders;
  /** Per-tier limit overrides (default src/auth/tiers.ts); tests use small limits. */
  tiers?: TierOverrides;
  /** `false` turns off the shared market read cache (`bench/api`'s naive baseline). Default on. */
  readCache?: false;
  /** How long a cached market read may be served without a `marketUpdated` event. Default {@link MARKET_READ_CACHE_MS}. */
  readCacheTtlMs?: number;
}

/** Longest a cached market read is served when no `marketUpdated` event arrives (a lost pub/sub message). */
const MARKET_READ_CACHE_MS = 1000;
/** Market reads whose answers depend only on their arguments and the market job's last write. */
const CACHED_MARKET_READS = [
  'listProtocols', 'listPools', 'listTokens', 'getProtocol', 'getTokens', 'getChainTotals', 'getOverview',
  'getProtocolChainTvls', 'getTvlSnapshotsSince', 'getChainTvlSnapshotsSince', 'getTotalTvlSnapshotsSince', 'getDailyTvlByChain',
] as const satisfies readonly (keyof MarketRepository)[];

/** Starts the roles the config asks for; on a start-up failure, stops what had started and rethrows. */
export async function createApp(common: Common, overrides: AppOverrides = {}): Promise<App> {
  const { config, logger } = common;
  const stops: (() => Promise<void>)[] = [];
  const stopAll = async () => {
    for (const stop of stops.splice(0).reverse()) await stop().catch((error: Error) => logger.error({ err: error }, 'shutdown step failed'));
  };
  try {
    const db = await createDatabase({ url: config.databaseUrl, pgliteDir: pgliteDirOf(config.dataDir), logger });
    stops.push(() => db.close());
    const pubsub = config.redisUrl ? await createRedisPubSub({ url: config.redisUrl, logger }) : createMemoryPubSub();
    stops.push(() => pubsub.close());
    const repos: Repositories = { chains: createChainRepository(db), blocks: createBlockRepository(db), market: createMarketRepository(db), swaps: createSwapRepository(db), apiKeys: createApiKeyRepository(db) };

    const followers: ChainWorker[] = [];
    if (config.role !== 'api') {
      const { chains, devnet } = await resolveChains(common);
      if (devnet) stops.push(() => devnet.stop());
      for (const chain of chains) {
        const job = createChainWorker({ common, chain, db, pubsub, allowChainReset: devnet !== undefined });
        await job.start();
        followers.push(job);
        stops.push(() => job.stop());
      }
      const priceFeeds = new Map(chains.map((chain) => [chain.chainId, chain.priceFeeds ?? []]));
      const market = createMarketJob({ common, db, pubsub, chainIds: chains.map((chain) => chain.chainId), priceFeeds });
      await market.start();
      stops.push(() => market.stop());
    }

    const schema = config.role === 'worker' ? undefined : await buildAppSchema();
    if (schema && overrides.readCache !== false) {
      // Market reads shared by every request for up to a second; dropped whenever the market job stores new data.
      const cache = createReadCache({ ttlMs: overrides.readCacheTtlMs ?? MARKET_READ_CACHE_MS });
      repos.market = cache.wrap(repos.market, CACHED_MARKET_READS);
      const updates = pubsub.subscribe<MarketUpdatedEvent>(topics.marketUpdated());
      void (async () => {
        for await (const _event of updates) cache.clear();
      })().catch((error: unknown) => logger.warn({ err: error }, 'market cache invalidation stopped'));
      stops.push(async () => void (await updates.return?.()));
    }
    const createContext = (principal: Principal): GraphQLContext => ({ repos, loaders: (overrides.createLoaders ?? createLoaders)(repos), pubsub, logger, principal, usage: usage?.meter });
    const guard = schema ? createRequestGuard({ common, apiKeys: repos.apiKeys, tiers: mergeTierOverrides(config.tierLimits, overrides.tiers) }) : undefined;
    if (guard) stops.push(() => guard.close());
    // Stopped after the server (its sockets' subscriptions are counted) and before pub/sub and the database close.
    const usage = schema ? await createUsageServices({ common, db, pubsub }) : undefined;
    if (usage) stops.push(() => usage.stop());
    // The UI builds at start when stale, except under tests (only the browser tests need it; they build it first).
    const ui = () => createUiRouter({ logger: logger.child({ component: 'ui' }), buildAtStart: config.nodeEnv !== 'test' });
    const routes = config.role === 'worker' ? [] : [createRestRouter(repos, logger.child({ component: 'rest' })), ui()];
    const server: ApiServer = createApiServer({ common, schema, createContext, guard, observer: usage?.meter, persistedQueryCache: usage?.persistedQueryCache, readinessChecks: () => readinessChecks(db, pubsub, followers), routes });
    const { port } = await server.start();
    stops.push(() => server.stop());
    return { port, db, pubsub, followers, usage: usage?.meter, stop: stopAll };
  } catch (error) {
    await stopAll();
    throw error;
  }
}
