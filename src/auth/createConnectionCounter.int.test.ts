import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildLogger } from '../common/logger.js';
import { testRedisUrl } from '../../test/helpers/database.js';
import { createConnectionCounter } from './createConnectionCounter.js';

const logger = buildLogger('silent');

describe('createConnectionCounter() on Redis', () => {
  let redis: Redis;
  let keyPrefix: string;
  beforeAll(() => {
    redis = new Redis(testRedisUrl);
    keyPrefix = `ocs-test:${randomUUID()}:conn:`;
  });
  afterAll(async () => {
    const keys = await redis.keys(`${keyPrefix}*`);
    if (keys.length > 0) await redis.del(...keys);
    redis.disconnect();
  });

  it('shares the count between processes and frees a slot on release', async () => {
    const [a, b] = [createConnectionCounter({ redis, logger, keyPrefix }), createConnectionCounter({ redis, logger, keyPrefix })];
    expect(await a.acquire('key:1', 'c1', 2)).toBe(true);
    expect(await b.acquire('key:1', 'c2', 2)).toBe(true);
    expect(await a.acquire('key:1', 'c3', 2)).toBe(false);
    expect(await b.acquire('key:2', 'c4', 2)).toBe(true); // another subject has its own count
    await a.release('key:1', 'c1');
    expect(await b.count('key:1')).toBe(1);
    expect(await b.acquire('key:1', 'c5', 2)).toBe(true);
    a.close();
    b.close();
  });

  it('lets a crashed process\'s connections expire while a live process keeps its own', async () => {
    const crashed = createConnectionCounter({ redis, logger, keyPrefix, entryTtlMs: 1500 });
    const live = createConnectionCounter({ redis, logger, keyPrefix, entryTtlMs: 1500 });
    expect(await crashed.acquire('key:crash', 'dead', 2)).toBe(true);
    expect(await live.acquire('key:crash', 'alive', 2)).toBe(true);
    expect(await live.acquire('key:crash', 'extra', 2)).toBe(false);
    crashed.close(); // no release, no more heartbeats: as if the process died
    await new Promise((resolve) => setTimeout(resolve, 2600)); // past the TTL, and past the live process's heartbeat (every 1 s)
    expect(await live.count('key:crash')).toBe(1);
    expect(await live.acquire('key:crash', 'extra', 2)).toBe(true);
    live.close();
  });
});

describe('createConnectionCounter() in memory', () => {
  it('counts per subject in one process', async () => {
    const counter = createConnectionCounter({ redis: undefined, logger });
    expect(await counter.acquire('address:1.2.3.4', 'a', 1)).toBe(true);
    expect(await counter.acquire('address:1.2.3.4', 'b', 1)).toBe(false);
    await counter.release('address:1.2.3.4', 'a');
    expect(await counter.acquire('address:1.2.3.4', 'b', 1)).toBe(true);
    counter.close();
  });
});
