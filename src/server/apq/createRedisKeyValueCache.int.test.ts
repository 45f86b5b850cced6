import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { testRedisUrl } from '../../../test/helpers/database.js';
import { unusedPort } from '../../../test/helpers/rpc.js';
import { buildLogger } from '../../common/logger.js';
import { MAX_PERSISTED_QUERY_BYTES } from './assertRegistrableQuery.js';
import { createRedisKeyValueCache, DEFAULT_PERSISTED_QUERY_TTL_SEC } from './createRedisKeyValueCache.js';

const logger = buildLogger('silent');
const redis = new Redis(testRedisUrl);
const prefix = `ocs:test:apq:${randomUUID()}:`;

afterAll(async () => {
  const keys = await redis.keys(`${prefix}*`);
  if (keys.length > 0) await redis.del(...keys);
  redis.disconnect();
});

describe('createRedisKeyValueCache()', () => {
  it('gets, sets and deletes under its prefix; two caches on one Redis share entries', async () => {
    const [one, two] = [createRedisKeyValueCache({ redis, logger, prefix }), createRedisKeyValueCache({ redis, logger, prefix })];
    expect(await one.get('q')).toBeUndefined();
    await one.set('q', '{ chains { chainId } }');
    expect(await two.get('q')).toBe('{ chains { chainId } }');
    expect(await redis.get(`${prefix}q`)).toBe('{ chains { chainId } }');
    expect(await two.delete('q')).toBe(true);
    expect(await one.get('q')).toBeUndefined();
    expect(await one.delete('q')).toBe(false);
  });

  it.each([
    ['the given ttl', { ttl: 30 }, 30],
    ['the default ttl (6 h) when none is given', undefined, DEFAULT_PERSISTED_QUERY_TTL_SEC],
    ['no expiry for ttl null', { ttl: null }, -1],
  ])('sets %s', async (_name, options, expected) => {
    const cache = createRedisKeyValueCache({ redis, logger, prefix });
    const key = randomUUID();
    await cache.set(key, 'v', options);
    const ttl = await redis.ttl(`${prefix}${key}`);
    if (expected < 0) expect(ttl).toBe(-1);
    else {
      expect(ttl).toBeGreaterThan(expected - 5);
      expect(ttl).toBeLessThanOrEqual(expected);
    }
  });

  it('never stores a value over MAX_PERSISTED_QUERY_BYTES (32 KiB); one at the limit is stored', async () => {
    expect(DEFAULT_PERSISTED_QUERY_TTL_SEC).toBe(21_600);
    const cache = createRedisKeyValueCache({ redis, logger, prefix });
    const [big, fits] = [randomUUID(), randomUUID()];
    await cache.set(big, 'x'.repeat(MAX_PERSISTED_QUERY_BYTES + 1));
    await cache.set(fits, 'x'.repeat(MAX_PERSISTED_QUERY_BYTES));
    expect(await redis.exists(`${prefix}${big}`)).toBe(0);
    expect(await redis.strlen(`${prefix}${fits}`)).toBe(MAX_PERSISTED_QUERY_BYTES);
  });

  it('misses instead of failing while Redis is unreachable', async () => {
    const down = new Redis(`redis://127.0.0.1:${await unusedPort()}`, { lazyConnect: true, enableOfflineQueue: false, maxRetriesPerRequest: 0, retryStrategy: () => null });
    down.on('error', () => undefined);
    const cache = createRedisKeyValueCache({ redis: down, logger, prefix });
    await expect(cache.get('q')).resolves.toBeUndefined();
    await expect(cache.set('q', 'v')).resolves.toBeUndefined();
    await expect(cache.delete('q')).resolves.toBe(false);
    down.disconnect();
  });
});
