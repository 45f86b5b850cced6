import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { testRedisUrl } from '../../test/helpers/database.js';
import { createRedisSubscriptionRegistry } from './createRedisSubscriptionRegistry.js';
import type { LiveSubscriptionRecord } from './subscriptionRegistry.js';

const redis = new Redis(testRedisUrl);
const prefix = `ocs:test:subs:${randomUUID()}:`;
const record = (accountId: string, startedAtMs: number, keyId = `key-of-${accountId}`): LiveSubscriptionRecord => ({
  id: randomUUID(),
  accountId,
  keyId,
  operationName: 'Op',
  startedAtMs,
  connectionId: 'c1',
  instanceId: 'i1',
});

afterAll(async () => {
  const keys = await redis.keys(`${prefix}*`);
  if (keys.length > 0) await redis.del(...keys);
  redis.disconnect();
});

describe('createRedisSubscriptionRegistry()', () => {
  it('lists an account\'s entries oldest first, whichever of its keys opened them, and never another account\'s', async () => {
    const registry = createRedisSubscriptionRegistry({ redis, prefix });
    const [older, newer, other] = [record('k1', 1), record('k1', 2, 'rotated-key'), record('k2', 3)];
    await registry.put([newer, older, other]);
    expect(await registry.listByAccount('k1')).toEqual([older, newer]);
    expect(await registry.listByAccount('k2')).toEqual([other]);
    await registry.remove(older);
    expect(await registry.listByAccount('k1')).toEqual([newer]);
    expect(await registry.get(older.id)).toBeNull();
  });

  it('forgets entries that are not refreshed (a process that died) and keeps refreshed ones', async () => {
    const registry = createRedisSubscriptionRegistry({ redis, prefix, ttlMs: 400 });
    const [dead, alive] = [record('k3', 1), record('k3', 2)];
    await registry.put([dead, alive]);
    for (let i = 0; i < 4; i++) {
      await new Promise((r) => setTimeout(r, 200));
      await registry.put([alive]);
    }
    expect(await registry.listByAccount('k3')).toEqual([alive]);
    expect(await redis.smembers(`${prefix}a:k3`)).toEqual([alive.id]);
  });
});
