import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase } from '../../test/helpers/database.js';
import { testRedisUrl } from '../../test/helpers/database.js';
import { createUsageRepository, type UsageRepository } from '../datasources/db/repositories/usageRepository.js';
import { createMemoryUsageStore } from './createMemoryUsageStore.js';
import { createRedisUsageStore } from './createRedisUsageStore.js';
import { flushUsage } from './flushUsage.js';
import { readUsage } from './readUsage.js';
import type { UsageStore } from './usageStore.js';

const DAY = '2024-05-01';
const counters = (requests: number) => ({ requests, costPoints: requests * 3, bytesSent: requests * 100, subscriptionSeconds: requests * 7 });

describe.each(['redis', 'memory'] as const)('usage flush on a %s store and Postgres', (kind) => {
  let db: Awaited<ReturnType<typeof openTestDatabase>>;
  let repository: UsageRepository;
  let redis: Redis | undefined;
  let store: UsageStore;
  const prefix = `ocs:test:usage:${randomUUID()}:`;
  // A second store on the same Redis stands for another API process (memory: the same store).
  let other: UsageStore;

  beforeAll(async () => {
    db = await openTestDatabase('postgres');
    repository = createUsageRepository(db);
    if (kind === 'redis') {
      redis = new Redis(testRedisUrl);
      store = createRedisUsageStore({ redis, prefix });
      other = createRedisUsageStore({ redis, prefix });
    } else {
      store = createMemoryUsageStore();
      other = store;
    }
  });
  afterAll(async () => {
    if (redis) {
      const keys = await redis.keys(`${prefix}*`);
      if (keys.length > 0) await redis.del(...keys);
      redis.disconnect();
    }
    await db?.dispose();
  });

  const totalOf = async (key: string) => (await readUsage(store, repository, key, [DAY]))[0]!;
  const flushedOf = async (key: string) => (await repository.listDays(key, DAY, DAY)).get(DAY);

  it('counts before a flush and the same after it, from Postgres', async () => {
    const key = `k-${randomUUID()}`;
    await store.add([{ meterKey: key, day: DAY, counters: counters(2) }]);
    await other.add([{ meterKey: key, day: DAY, counters: counters(1) }]);
    expect(await totalOf(key)).toEqual({ day: DAY, ...counters(3) });
    expect(await flushedOf(key)).toBeUndefined();
    expect(await flushUsage(store, repository)).toMatchObject({ alreadyApplied: 0 });
    expect(await flushedOf(key)).toEqual(counters(3));
    expect(await totalOf(key)).toEqual({ day: DAY, ...counters(3) });
    await store.add([{ meterKey: key, day: DAY, counters: counters(1) }]);
    expect(await totalOf(key)).toEqual({ day: DAY, ...counters(4) });
  });

  it('does not lose or double counts when a flush crashes after sealing, before Postgres', async () => {
    const key = `k-${randomUUID()}`;
    await store.add([{ meterKey: key, day: DAY, counters: counters(5) }]);
    await store.seal(1000); // crash here: sealed, nothing written
    expect(await totalOf(key)).toEqual({ day: DAY, ...counters(5) });
    await other.add([{ meterKey: key, day: DAY, counters: counters(1) }]);
    await flushUsage(other, repository); // another process picks the orphaned batch up
    expect(await flushedOf(key)).toEqual(counters(6));
    expect(await store.listSealed()).toEqual([]);
  });

  it('does not double counts when a flush crashes after the Postgres commit, before dropping the batch', async () => {
    const key = `k-${randomUUID()}`;
    await store.add([{ meterKey: key, day: DAY, counters: counters(4) }]);
    await store.seal(1000);
    const batches = await store.listSealed();
    expect(await repository.applyFlush(batches)).toHaveLength(batches.length); // crash here: committed, batch still in the store
    expect(await totalOf(key)).toEqual({ day: DAY, ...counters(4) }); // a reader skips the applied batch
    const retry = await flushUsage(store, repository);
    expect(retry).toEqual({ applied: 0, alreadyApplied: batches.length });
    expect(await flushedOf(key)).toEqual(counters(4));
    expect(await totalOf(key)).toEqual({ day: DAY, ...counters(4) });
  });

  it('applies a batch once when two processes flush it at the same time', async () => {
    const key = `k-${randomUUID()}`;
    await store.add([{ meterKey: key, day: DAY, counters: counters(3) }]);
    await store.seal(1000);
    const results = await Promise.all([flushUsage(store, repository), flushUsage(other, repository)]);
    expect(results.reduce((n, r) => n + r.applied, 0)).toBeGreaterThanOrEqual(1);
    expect(await flushedOf(key)).toEqual(counters(3));
  });
});
