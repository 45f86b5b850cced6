import type { KeyValueCache } from '@apollo/utils.keyvaluecache';
import type { Common } from '../common/common.js';
import { deploymentId } from '../config/deploymentId.js';
import type { Database } from '../datasources/db/createDatabase.js';
import { createUsageRepository } from '../datasources/db/repositories/usageRepository.js';
import type { PubSubEngine } from '../pubsub/pubSubEngine.js';
import { createRedisKeyValueCache } from '../server/apq/createRedisKeyValueCache.js';
import { closeRedis, connectRedis } from './connectRedis.js';
import { createMemoryUsageStore } from './createMemoryUsageStore.js';
import { createRedisSubscriptionRegistry } from './createRedisSubscriptionRegistry.js';
import { createRedisUsageStore } from './createRedisUsageStore.js';
import { createUsageMeter, type UsageMeter, type UsageMeterOptions } from './createUsageMeter.js';
import { createMemorySubscriptionRegistry } from './subscriptionRegistry.js';

export interface UsageServicesOptions {
  common: Common;
  db: Database;
  pubsub: PubSubEngine;
  /** Interval overrides (tests). */
  intervals?: Pick<UsageMeterOptions, 'pushIntervalMs' | 'accrueIntervalMs' | 'registryRefreshMs' | 'flushIntervalMs'>;
}

/** The started meter and the persisted-query cache of an API process. */
export interface UsageServices {
  meter: UsageMeter;
  /** Redis-backed with REDIS_URL; undefined lets Apollo keep persisted queries in memory. */
  persistedQueryCache: KeyValueCache<string> | undefined;
  /** Counts and flushes what is left, then closes the Redis connection. Call after the server stopped, before Redis pub/sub and the database close. */
  stop(): Promise<void>;
}

/**
 * Builds usage metering (Redis counters and subscription registry with REDIS_URL, memory without) and the
 * persisted-query cache on one Redis connection, and starts the meter's timers.
 * @throws RedisUnavailableError when REDIS_URL is set and Redis does not answer.
 */
export async function createUsageServices(options: UsageServicesOptions): Promise<UsageServices> {
  const { common, db, pubsub } = options;
  const url = common.config.redisUrl;
  const redis = url ? await connectRedis({ url, logger: common.logger, role: 'usage' }) : undefined;
  const deployment = deploymentId(common.config);
  const meter = createUsageMeter({
    common,
    pubsub,
    repository: createUsageRepository(db),
    // Per-deployment key prefixes: deployments (and test runs) sharing a Redis never flush each other's counters.
    store: redis ? createRedisUsageStore({ redis, prefix: `ocs:usage:${deployment}:` }) : createMemoryUsageStore(),
    registry: redis ? createRedisSubscriptionRegistry({ redis, prefix: `ocs:subs:${deployment}:` }) : createMemorySubscriptionRegistry(),
    ...options.intervals,
  });
  meter.start();
  return {
    meter,
    persistedQueryCache: redis ? createRedisKeyValueCache({ redis, logger: common.logger }) : undefined,
    async stop() {
      await meter.stop();
      if (redis) await closeRedis(redis);
    },
  };
}
