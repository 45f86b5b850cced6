import type { Redis } from 'ioredis';
import type { LiveSubscriptionRecord, SubscriptionRegistry } from './subscriptionRegistry.js';

export interface RedisSubscriptionRegistryOptions {
  redis: Redis;
  /** How long an entry lives without a refresh. Default 60,000. */
  ttlMs?: number;
  /** Default `ocs:subs:`. */
  prefix?: string;
}

function parse(text: string | null): LiveSubscriptionRecord | null {
  if (text === null) return null;
  try {
    return JSON.parse(text) as LiveSubscriptionRecord;
  } catch {
    return null;
  }
}

/**
 * Live subscriptions in Redis: `<prefix>s:<id>` holds the record (PX ttl) and `<prefix>a:<accountId>` the set of an
 * account's ids (pruned of expired ids when listed).
 */
export function createRedisSubscriptionRegistry(options: RedisSubscriptionRegistryOptions): SubscriptionRegistry {
  const { redis } = options;
  const ttlMs = options.ttlMs ?? 60_000;
  const prefix = options.prefix ?? 'ocs:subs:';
  const recordKey = (id: string) => `${prefix}s:${id}`;
  const setKey = (accountId: string) => `${prefix}a:${accountId}`;
  return {
    async put(records) {
      if (records.length === 0) return;
      const pipeline = redis.pipeline();
      for (const r of records) {
        pipeline.set(recordKey(r.id), JSON.stringify(r), 'PX', ttlMs);
        pipeline.sadd(setKey(r.accountId), r.id);
        pipeline.pexpire(setKey(r.accountId), ttlMs);
      }
      await pipeline.exec();
    },
    async remove(record) {
      await redis.multi().del(recordKey(record.id)).srem(setKey(record.accountId), record.id).exec();
    },
    get: async (id) => parse(await redis.get(recordKey(id))),
    async listByAccount(accountId) {
      const ids = await redis.smembers(setKey(accountId));
      if (ids.length === 0) return [];
      const texts = await redis.mget(ids.map(recordKey));
      const gone = ids.filter((_id, i) => texts[i] === null);
      if (gone.length > 0) await redis.srem(setKey(accountId), ...gone);
      return texts
        .map(parse)
        .filter((r): r is LiveSubscriptionRecord => r !== null && r.accountId === accountId)
        .sort((a, b) => a.startedAtMs - b.startedAtMs);
    },
  };
}
