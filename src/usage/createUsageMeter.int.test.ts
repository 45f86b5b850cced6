import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase, testRedisUrl } from '../../test/helpers/database.js';
import { startRedisServer } from '../../test/helpers/redisServer.js';
import { unusedPort } from '../../test/helpers/rpc.js';
import type { Principal } from '../auth/principal.js';
import { defaultTiers } from '../auth/tiers.js';
import type { Common } from '../common/common.js';
import { createMetrics } from '../common/metrics.js';
import { loadConfig } from '../config/config.js';
import { createUsageRepository, type UsageRepository } from '../datasources/db/repositories/usageRepository.js';
import { createMemoryPubSub } from '../pubsub/createMemoryPubSub.js';
import { closeRedis, connectRedis } from './connectRedis.js';
import { createRedisSubscriptionRegistry } from './createRedisSubscriptionRegistry.js';
import { createRedisUsageStore } from './createRedisUsageStore.js';
import { createUsageMeter } from './createUsageMeter.js';
import { utcDayOf } from './usageCounters.js';
import type { UsageStore } from './usageStore.js';

/** A Common whose logger keeps its lines for the test. */
function commonWithLog(dir: string) {
  const lines: Record<string, unknown>[] = [];
  const logger = pino({ level: 'info' }, { write: (line: string) => void lines.push(JSON.parse(line) as Record<string, unknown>) });
  const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', DATA_DIR: dir });
  const common: Common = { config, logger, metrics: createMetrics() };
  return { common, lines };
}

const principal = (): Principal => ({
  accountId: `acc-${randomUUID()}`,
  keyId: `key-${randomUUID()}`,
  keyPrefix: null,
  tier: 'free',
  clientAddress: '127.0.0.1',
  limits: defaultTiers.free,
});
const request = { costPoints: 2, bytesSent: 10, operationName: null };

describe('createUsageMeter() on Redis and Postgres', () => {
  let db: Awaited<ReturnType<typeof openTestDatabase>>;
  let repository: UsageRepository;
  let dir: string;
  const redis = new Redis(testRedisUrl);
  const prefix = `ocs:test:meter:${randomUUID()}:`;

  beforeAll(async () => {
    db = await openTestDatabase('postgres');
    repository = createUsageRepository(db);
    dir = mkdtempSync(join(tmpdir(), 'ocs-meter-'));
  });
  afterAll(async () => {
    const keys = await redis.keys(`${prefix}*`);
    if (keys.length > 0) await redis.del(...keys);
    redis.disconnect();
    await db?.dispose();
    rmSync(dir, { recursive: true, force: true });
  });

  it('stores on stop() what was counted while a periodic flush was already running', async () => {
    const real = createRedisUsageStore({ redis, prefix: `${prefix}usage:` });
    let pushStarted: () => void = () => undefined;
    const firstPush = new Promise<void>((resolve) => (pushStarted = resolve));
    // The real store; the test only learns when the running flush has taken its snapshot of the buffer.
    const store: UsageStore = {
      ...real,
      add: (rows) => {
        pushStarted();
        return real.add(rows);
      },
    };
    const { common } = commonWithLog(dir);
    const meter = createUsageMeter({ common, store, repository, pubsub: createMemoryPubSub(), registry: createRedisSubscriptionRegistry({ redis, prefix: `${prefix}subs:` }) });
    meter.start();
    const caller = principal();
    meter.onRequest(caller, request);
    const running = meter.flush();
    await firstPush;
    meter.onRequest(caller, request); // after the running flush pushed
    meter.onBytesSent(caller, 5);
    await meter.stop();
    await running;
    const day = utcDayOf(Date.now());
    const stored = await repository.listDays(caller.keyId!, day, day);
    expect(stored.get(day)).toMatchObject({ requests: 2, costPoints: 4, bytesSent: 25 });
  });
});

describe('createUsageMeter() while Redis is down', () => {
  let db: Awaited<ReturnType<typeof openTestDatabase>>;
  let server: Awaited<ReturnType<typeof startRedisServer>>;
  let redis: Redis;
  let dir: string;
  let meter: ReturnType<typeof createUsageMeter>;
  let lines: Record<string, unknown>[];
  const caller = principal();

  beforeAll(async () => {
    db = await openTestDatabase('postgres');
    dir = mkdtempSync(join(tmpdir(), 'ocs-meter-down-'));
    server = await startRedisServer(await unusedPort());
    const made = commonWithLog(dir);
    lines = made.lines;
    redis = await connectRedis({ url: server.url, logger: pino({ level: 'silent' }), role: 'test' });
    meter = createUsageMeter({
      common: made.common,
      repository: createUsageRepository(db),
      pubsub: createMemoryPubSub(),
      store: createRedisUsageStore({ redis, prefix: 'ocs:test:down:' }),
      registry: createRedisSubscriptionRegistry({ redis, prefix: 'ocs:test:down:subs:' }),
    });
    await server.stop();
  }, 30_000);
  afterAll(async () => {
    await closeRedis(redis); // the server was stopped in beforeAll (its stop() must not be called twice)
    await db?.dispose();
    rmSync(dir, { recursive: true, force: true });
  });

  it('answers me.usage, me.subscriptions and endSubscription with SERVICE_UNAVAILABLE, not the Redis error', async () => {
    const day = utcDayOf(Date.now());
    for (const call of [() => meter.usage(caller, [day]), () => meter.subscriptions(caller), () => meter.endSubscription(caller, 'some-id')]) {
      const error = (await call().then(
        () => null,
        (e: unknown) => e,
      )) as { message: string; extensions?: { code?: string } } | null;
      expect(error?.extensions?.code).toBe('SERVICE_UNAVAILABLE');
      expect(error?.message).toMatch(/temporarily unavailable.*Retry in a few seconds/);
      expect(error?.message).not.toMatch(/stream|connection|ioredis|ECONNREFUSED/i);
    }
  });

  it('says at shutdown which buffered counts are lost instead of claiming they stay in the store', async () => {
    meter.onRequest(caller, request);
    meter.onRequest(caller, request);
    await meter.stop();
    const line = lines.find((l) => typeof l.msg === 'string' && l.msg.includes('lost'));
    expect(line).toMatchObject({ level: 50, lost: { rows: 1, meterKeys: 1, requests: 2, costPoints: 4, bytesSent: 20 } });
    expect(lines.some((l) => String(l.msg).includes('stay in the store'))).toBe(false);
  });
});
