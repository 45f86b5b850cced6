import { Redis } from 'ioredis';
import type { Logger } from '../common/logger.js';
import { redactUrl } from '../errors/baseError.js';
import { RedisUnavailableError } from '../pubsub/createRedisPubSub.js';

export interface ConnectRedisOptions {
  url: string;
  logger: Logger;
  /** Names the connection in logs. */
  role: string;
  /** How long start-up waits. Default 5000. */
  connectTimeoutMs?: number;
}

/**
 * A command connection for usage counters, the subscription registry and persisted queries. Commands fail fast
 * while Redis is down (no offline queue): callers keep their counts and retry.
 * @throws RedisUnavailableError when Redis does not answer within `connectTimeoutMs`.
 */
export async function connectRedis(options: ConnectRedisOptions): Promise<Redis> {
  const log = options.logger.child({ component: 'redis', role: options.role, redis: redactUrl(options.url) });
  const client = new Redis(options.url, {
    lazyConnect: true,
    maxRetriesPerRequest: 1,
    enableOfflineQueue: false,
    connectTimeout: options.connectTimeoutMs ?? 5000,
    retryStrategy: (attempt: number) => Math.min(200 * attempt, 2000),
  });
  client.on('error', (error: Error) => log.warn({ err: error.message }, 'redis connection error'));
  try {
    await client.connect();
  } catch (error) {
    client.disconnect();
    throw new RedisUnavailableError(`Cannot connect to Redis at ${redactUrl(options.url)}: ${(error as Error).message}`, { cause: error });
  }
  return client;
}

/** Closes a connection from {@link connectRedis}, letting in-flight commands finish when it can. */
export async function closeRedis(client: Redis): Promise<void> {
  if (client.status === 'ready') await client.quit().catch(() => client.disconnect());
  else client.disconnect();
}
