import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { UsageFlushBatch, UsageRow } from '../datasources/db/repositories/usageRepository.js';
import { COUNTER_FIELDS, countersFromHash, emptyCounters, type UsageCounters } from './usageCounters.js';
import type { UnflushedUsage, UsageStore } from './usageStore.js';

export interface RedisUsageStoreOptions {
  redis: Redis;
  /** Prefix of every key. Default `ocs:usage:`. */
  prefix?: string;
  /** Lifetime of a live counter hash that is never flushed. Default 8 days. */
  liveTtlSec?: number;
}

// Moves popped live hashes into one sealed hash (fields `<day>:<meterKey>|<counter>`) in one atomic step, so a
// batch is complete before anyone can see it. KEYS: pending set, sealed set, sealed hash. ARGV: token, max, live prefix.
const SEAL_SCRIPT = `
local ks = redis.call('SPOP', KEYS[1], tonumber(ARGV[2]))
local n = 0
for _, k in ipairs(ks) do
  local suffix = string.sub(k, #ARGV[3] + 1)
  local h = redis.call('HGETALL', k)
  for i = 1, #h, 2 do redis.call('HINCRBY', KEYS[3], suffix .. '|' .. h[i], h[i + 1]) end
  redis.call('DEL', k)
  n = n + 1
end
if redis.call('EXISTS', KEYS[3]) == 1 then redis.call('SADD', KEYS[2], ARGV[1]) end
return n
`;

/** Splits a sealed field `<day>:<meterKey>|<counter>`. */
function parseSealedField(field: string): { day: string; meterKey: string; counter: string } | undefined {
  const bar = field.lastIndexOf('|');
  if (bar < 12 || field[10] !== ':') return undefined;
  return { day: field.slice(0, 10), meterKey: field.slice(11, bar), counter: field.slice(bar + 1) };
}

/**
 * Usage counters in Redis: one hash per meter key and UTC day (`<prefix>c:<day>:<meterKey>`, HINCRBY), a set of
 * hashes with pending counts, and sealed batches `<prefix>f:<flushId>`. Needs a single Redis (not Cluster): the seal
 * script touches keys it computes.
 */
export function createRedisUsageStore(options: RedisUsageStoreOptions): UsageStore {
  const { redis } = options;
  const prefix = options.prefix ?? 'ocs:usage:';
  const ttlSec = options.liveTtlSec ?? 8 * 86_400;
  const livePrefix = `${prefix}c:`;
  const pendingKey = `${prefix}pending`;
  const sealedKey = `${prefix}sealed`;
  const liveKey = (day: string, meterKey: string) => `${livePrefix}${day}:${meterKey}`;
  const batchKey = (flushId: string) => `${prefix}f:${flushId}`;

  return {
    kind: 'redis',
    async add(rows: UsageRow[]): Promise<void> {
      if (rows.length === 0) return;
      const tx = redis.multi();
      for (const row of rows) {
        const key = liveKey(row.day, row.meterKey);
        for (const field of COUNTER_FIELDS) if (row.counters[field] !== 0) tx.hincrby(key, field, row.counters[field]);
        tx.expire(key, ttlSec);
        tx.sadd(pendingKey, key);
      }
      await tx.exec();
    },

    async seal(max: number): Promise<number> {
      const flushId = `${Date.now()}-${randomUUID()}`;
      return Number(await redis.eval(SEAL_SCRIPT, 3, pendingKey, sealedKey, batchKey(flushId), flushId, String(max), livePrefix));
    },

    async listSealed(): Promise<UsageFlushBatch[]> {
      const ids = await redis.smembers(sealedKey);
      if (ids.length === 0) return [];
      const pipeline = redis.pipeline();
      for (const id of ids) pipeline.hgetall(batchKey(id));
      const replies = (await pipeline.exec()) ?? [];
      return ids.map((flushId, i) => {
        const hash = (replies[i]?.[1] ?? {}) as Record<string, string>;
        const rows = new Map<string, UsageRow>();
        for (const [field, value] of Object.entries(hash)) {
          const parsed = parseSealedField(field);
          if (!parsed || !(COUNTER_FIELDS as readonly string[]).includes(parsed.counter)) continue;
          const id = `${parsed.day}:${parsed.meterKey}`;
          const row = rows.get(id) ?? { meterKey: parsed.meterKey, day: parsed.day, counters: emptyCounters() };
          row.counters[parsed.counter as keyof UsageCounters] += Number(value);
          rows.set(id, row);
        }
        return { flushId, rows: [...rows.values()] };
      });
    },

    async ack(flushIds: string[]): Promise<void> {
      if (flushIds.length === 0) return;
      const tx = redis.multi();
      for (const id of flushIds) tx.del(batchKey(id));
      tx.srem(sealedKey, ...flushIds);
      await tx.exec();
    },

    async readUnflushed(meterKey: string, days: string[]): Promise<UnflushedUsage> {
      const sealedIds = await redis.smembers(sealedKey);
      const fields = days.flatMap((day) => COUNTER_FIELDS.map((c) => `${day}:${meterKey}|${c}`));
      const pipeline = redis.pipeline();
      for (const day of days) pipeline.hgetall(liveKey(day, meterKey));
      for (const id of sealedIds) if (fields.length > 0) pipeline.hmget(batchKey(id), ...fields);
      const replies = (await pipeline.exec()) ?? [];
      const live = new Map<string, UsageCounters>();
      days.forEach((day, i) => live.set(day, countersFromHash((replies[i]?.[1] ?? {}) as Record<string, string>)));
      const sealed = new Map<string, Map<string, UsageCounters>>();
      sealedIds.forEach((id, j) => {
        const values = (replies[days.length + j]?.[1] ?? []) as (string | null)[];
        if (values.every((v) => v === null)) return;
        const byDay = new Map<string, UsageCounters>();
        days.forEach((day, d) => {
          const c = emptyCounters();
          COUNTER_FIELDS.forEach((field, f) => (c[field] = Number(values[d * COUNTER_FIELDS.length + f] ?? 0)));
          byDay.set(day, c);
        });
        sealed.set(id, byDay);
      });
      return { live, sealed };
    },
  };
}
