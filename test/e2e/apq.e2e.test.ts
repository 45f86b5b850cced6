import { createHash, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestPostgres, testRedisUrl, type TestPostgres } from '../helpers/database.js';
import { spawnApp, type SpawnedApp } from '../helpers/spawnApp.js';
import { startTestApp, type TestApp } from '../helpers/startTestApp.js';

// Persisted queries live in Redis under a fixed prefix; a database of its own keeps this suite's apart.
const redisUrl = Object.assign(new URL(testRedisUrl), { pathname: '/12' }).toString();

interface Body {
  data?: { chains?: { chainId: number }[] } | null;
  errors?: { message: string; extensions?: { code?: string } }[];
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
const persisted = (hash: string) => ({ persistedQuery: { version: 1, sha256Hash: hash } });

/** An APQ GET: only the hash travels. Apollo's CSRF prevention wants a non-simple header on GET. */
async function getByHash(baseUrl: string, hash: string): Promise<{ status: number; body: Body }> {
  const url = `${baseUrl}/graphql?extensions=${encodeURIComponent(JSON.stringify(persisted(hash)))}`;
  const response = await fetch(url, { headers: { 'apollo-require-preflight': 'true' } });
  return { status: response.status, body: (await response.json()) as Body };
}

async function register(baseUrl: string, query: string): Promise<{ status: number; body: Body }> {
  const response = await fetch(`${baseUrl}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query, extensions: persisted(sha256(query)) }),
  });
  return { status: response.status, body: (await response.json()) as Body };
}

describe('automatic persisted queries shared by two API processes through Redis', () => {
  let pgdb: TestPostgres;
  let a: TestApp;
  let b: SpawnedApp;
  let dataDir: string;

  beforeAll(async () => {
    pgdb = await createTestPostgres();
    dataDir = mkdtempSync(join(tmpdir(), 'ocs-apq-'));
    const env = { DATABASE_URL: pgdb.url, REDIS_URL: redisUrl };
    a = await startTestApp({ ROLE: 'api', ...env });
    b = await spawnApp(['--role', 'api'], { ...env, PORT: '0', HOST: '127.0.0.1', NODE_ENV: 'test', DATA_DIR: dataDir });
  }, 120_000);
  afterAll(async () => {
    await b?.stop();
    await a?.stop();
    await pgdb?.drop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('answers an unknown hash with PERSISTED_QUERY_NOT_FOUND', async () => {
    const { body } = await getByHash(b.baseUrl, sha256(`{ chains { chainId } } # ${randomUUID()}`));
    expect(body.errors?.[0]?.extensions?.code).toBe('PERSISTED_QUERY_NOT_FOUND');
    expect(body.data).toBeUndefined();
  });

  it('serves by GET on one process a query registered on the other, in both directions', async () => {
    for (const [from, to] of [[a.baseUrl, b.baseUrl], [b.baseUrl, a.baseUrl]] as const) {
      const query = `{ chains { chainId } } # ${randomUUID()}`; // unique text, unique hash
      expect((await getByHash(to, sha256(query))).body.errors?.[0]?.extensions?.code).toBe('PERSISTED_QUERY_NOT_FOUND');
      expect(await register(from, query)).toEqual({ status: 200, body: { data: { chains: [] } } });
      expect(await getByHash(to, sha256(query))).toEqual({ status: 200, body: { data: { chains: [] } } });
    }
  });

  it('keeps the entry in Redis under its prefix with an expiry', async () => {
    const query = `{ chains { chainId } } # ${randomUUID()}`;
    await register(a.baseUrl, query);
    const redis = new Redis(redisUrl);
    try {
      const keys = await redis.keys(`ocs:apq:*${sha256(query)}`);
      expect(keys).toHaveLength(1);
      expect(await redis.get(keys[0]!)).toBe(query);
      expect(await redis.ttl(keys[0]!)).toBeGreaterThan(0);
    } finally {
      redis.disconnect();
    }
  });

  it('refuses a hash that does not match the query', async () => {
    const response = await fetch(`${a.baseUrl}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ chains { chainId } }', extensions: persisted(sha256('something else')) }),
    });
    const body = (await response.json()) as Body;
    expect(response.status).toBe(400);
    expect(body.errors?.[0]?.message).toMatch(/sha does not match/);
  });
});
