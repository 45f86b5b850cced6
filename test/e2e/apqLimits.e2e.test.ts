import { createHash, randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_PERSISTED_QUERY_BYTES } from '../../src/server/apq/assertRegistrableQuery.js';
import { DEFAULT_PERSISTED_QUERY_TTL_SEC } from '../../src/server/apq/createRedisKeyValueCache.js';
import { createTestPostgres, testRedisUrl, type TestPostgres } from '../helpers/database.js';
import { startTestApp, type TestApp } from '../helpers/startTestApp.js';

// Persisted queries live in Redis under a fixed prefix; a database of its own keeps this suite's apart.
const redisUrl = Object.assign(new URL(testRedisUrl), { pathname: '/13' }).toString();

interface Body {
  data?: { chains?: { chainId: number }[] } | null;
  errors?: { message: string; extensions?: Record<string, unknown> }[];
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
const persisted = (hash: string) => ({ persistedQuery: { version: 1, sha256Hash: hash } });

async function send(baseUrl: string, body: Record<string, unknown>): Promise<{ status: number; body: Body }> {
  const response = await fetch(`${baseUrl}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return { status: response.status, body: (await response.json()) as Body };
}
const register = (baseUrl: string, query: string) => send(baseUrl, { query, extensions: persisted(sha256(query)) });

describe('persisted-query registrations are bounded in size and lifetime', () => {
  let pgdb: TestPostgres;
  let app: TestApp;
  let redis: Redis;

  beforeAll(async () => {
    pgdb = await createTestPostgres();
    app = await startTestApp({ ROLE: 'api', DATABASE_URL: pgdb.url, REDIS_URL: redisUrl });
    redis = new Redis(redisUrl);
  }, 120_000);
  afterAll(async () => {
    redis?.disconnect();
    await app?.stop();
    await pgdb?.drop();
  });

  it('refuses to register (or run as a registration) a query over 32 KiB with BAD_USER_INPUT and stores nothing', async () => {
    const big = `{ chains { chainId } } # ${randomUUID()} ${'x'.repeat(MAX_PERSISTED_QUERY_BYTES)}`;
    const refused = await register(app.baseUrl, big);
    expect(refused.status).toBe(400);
    expect(refused.body.data).toBeUndefined();
    expect(refused.body.errors?.[0]).toMatchObject({
      extensions: { code: 'BAD_USER_INPUT', limitName: 'persistedQueryBytes', limit: MAX_PERSISTED_QUERY_BYTES, actual: Buffer.byteLength(big) },
      message: expect.stringMatching(/without the persistedQuery extension/),
    });
    expect(await redis.keys(`ocs:apq:*${sha256(big)}`)).toHaveLength(0);
    expect((await send(app.baseUrl, { extensions: persisted(sha256(big)) })).body.errors?.[0]?.extensions?.code).toBe('PERSISTED_QUERY_NOT_FOUND');
    // The same text still runs when sent plainly.
    expect(await send(app.baseUrl, { query: big })).toEqual({ status: 200, body: { data: { chains: [] } } });
  });

  it('a registration at the limit is kept, for at most 6 h', async () => {
    const head = `{ chains { chainId } } # ${randomUUID()} `;
    const fits = head + 'x'.repeat(MAX_PERSISTED_QUERY_BYTES - head.length);
    expect(await register(app.baseUrl, fits)).toEqual({ status: 200, body: { data: { chains: [] } } });
    const [key] = await redis.keys(`ocs:apq:*${sha256(fits)}`);
    expect(key).toBeDefined();
    const ttl = await redis.ttl(key!);
    expect(DEFAULT_PERSISTED_QUERY_TTL_SEC).toBe(6 * 3_600);
    expect(ttl).toBeGreaterThan(DEFAULT_PERSISTED_QUERY_TTL_SEC - 60);
    expect(ttl).toBeLessThanOrEqual(DEFAULT_PERSISTED_QUERY_TTL_SEC);
  });
});
