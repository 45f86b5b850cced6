import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testRedisUrl } from '../../test/helpers/database.js';
import { unusedPort } from '../../test/helpers/rpc.js';
import { buildLogger } from '../common/logger.js';
import { createMemoryPubSub } from './createMemoryPubSub.js';
import { createRedisPubSub, RedisUnavailableError } from './createRedisPubSub.js';
import type { PubSubEngine } from './pubSubEngine.js';

const logger = buildLogger('silent');
const payload = { amountRaw: 2n ** 200n + 1n, at: new Date('2024-02-29T00:00:00.000Z'), nested: [{ n: 1 }] };

describe.each(['memory', 'redis'] as const)('%s pub/sub', (kind) => {
  let a: PubSubEngine;
  let b: PubSubEngine;
  const topic = `test.${kind}.${process.pid}.${Date.now()}`;
  beforeAll(async () => {
    if (kind === 'memory') {
      a = createMemoryPubSub();
      b = a;
    } else {
      // Two engines stand for two processes sharing one Redis.
      [a, b] = await Promise.all([createRedisPubSub({ url: testRedisUrl, logger }), createRedisPubSub({ url: testRedisUrl, logger })]);
    }
  });
  afterAll(async () => {
    await a?.close();
    await b?.close();
  });

  it('delivers bigint and Date payloads intact, in order, to every subscriber', async () => {
    const first = b.subscribe<typeof payload>(topic);
    const second = b.subscribe<typeof payload>(topic);
    await new Promise((r) => setTimeout(r, 100)); // Redis acknowledges SUBSCRIBE asynchronously
    await a.publish(topic, payload);
    await a.publish(topic, { ...payload, amountRaw: 1n });
    expect((await first.next()).value).toEqual(payload);
    expect((await first.next()).value.amountRaw).toBe(1n);
    expect((await second.next()).value).toEqual(payload);
    await first.return?.();
    await second.return?.();
  });

  it('stops delivering after return() and ends pending reads', async () => {
    const sub = b.subscribe<number>(`${topic}.x`);
    const pending = sub.next();
    await sub.return?.();
    expect(await pending).toEqual({ value: undefined, done: true });
    await a.publish(`${topic}.x`, 1);
    expect(await sub.next()).toEqual({ value: undefined, done: true });
  });
});

describe('createRedisPubSub()', () => {
  it('fails start-up with RedisUnavailableError when nothing listens', async () => {
    const port = await unusedPort();
    await expect(createRedisPubSub({ url: `redis://127.0.0.1:${port}`, logger, connectTimeoutMs: 500 })).rejects.toBeInstanceOf(RedisUnavailableError);
  });
});
