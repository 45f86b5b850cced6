import type { KeyValueCache, KeyValueCacheSetOptions } from '@apollo/utils.keyvaluecache';
import type { Redis } from 'ioredis';
import type { Logger } from '../../common/logger.js';
import { MAX_PERSISTED_QUERY_BYTES } from './assertRegistrableQuery.js';

/** How long a registered persisted query lives without being registered again (6 h). */
export const DEFAULT_PERSISTED_QUERY_TTL_SEC = 6 * 3_600;

export interface RedisKeyValueCacheOptions {
  redis: Redis;
  logger: Logger;
  /** Prefix of every key, so environments and uses can share a Redis. Default `ocs:apq:`. */
  prefix?: string;
  /** TTL in seconds when `set` gives none. Default 21,600 (6 h); null keeps entries forever. */
  defaultTtlSec?: number | null;
}

/**
 * Apollo's KeyValueCache over ioredis, for automatic persisted queries shared by every API process: a query
 * registered on one process is served by hash on another. `ttl` is in seconds, as Apollo passes it. Values over
 * MAX_PERSISTED_QUERY_BYTES are never stored. While Redis is
 * down it misses instead of failing the request: `get` answers undefined (the client resends the full query) and
 * `set` drops the entry.
 */
export function createRedisKeyValueCache(options: RedisKeyValueCacheOptions): KeyValueCache<string> {
  const { redis } = options;
  const prefix = options.prefix ?? 'ocs:apq:';
  const defaultTtl = options.defaultTtlSec === undefined ? DEFAULT_PERSISTED_QUERY_TTL_SEC : options.defaultTtlSec;
  const miss = (what: string) => (error: Error) => {
    options.logger.warn({ component: 'apq', err: error.message }, `persisted query ${what} failed`);
    return undefined;
  };
  return {
    async get(key: string): Promise<string | undefined> {
      return (await redis.get(prefix + key).catch(miss('get'))) ?? undefined;
    },
    async set(key: string, value: string, setOptions?: KeyValueCacheSetOptions): Promise<void> {
      if (Buffer.byteLength(value) > MAX_PERSISTED_QUERY_BYTES) return; // registrations over the limit are refused before this; never store one
      const ttl = setOptions?.ttl === undefined ? defaultTtl : setOptions.ttl;
      const written = ttl === null || ttl <= 0 ? redis.set(prefix + key, value) : redis.set(prefix + key, value, 'EX', Math.ceil(ttl));
      await written.catch(miss('set'));
    },
    async delete(key: string): Promise<boolean> {
      return ((await redis.del(prefix + key).catch(miss('delete'))) ?? 0) > 0;
    },
  };
}
