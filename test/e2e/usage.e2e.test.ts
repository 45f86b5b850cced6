import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'graphql';
import { createClient, type Client } from 'graphql-ws';
import { Redis } from 'ioredis';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { createApp } from '../../src/app/createApp.js';
import { createApiKeyService } from '../../src/auth/apiKeyService.js';
import { measureOperation } from '../../src/auth/measureOperation.js';
import { buildLogger } from '../../src/common/logger.js';
import { createMetrics } from '../../src/common/metrics.js';
import { loadConfig } from '../../src/config/config.js';
import { createApiKeyRepository } from '../../src/datasources/db/repositories/apiKeyRepository.js';
import { buildAppSchema } from '../../src/resolvers/buildSchema.js';
import { utcDayOf } from '../../src/usage/usageCounters.js';
import { deploymentId } from '../../src/config/deploymentId.js';
import { createTestPostgres, testRedisUrl, type TestPostgres } from '../helpers/database.js';
import { waitFor } from '../helpers/rpc.js';
import { spawnApp, type SpawnedApp } from '../helpers/spawnApp.js';
import { startTestApp, type TestApp } from '../helpers/startTestApp.js';

// A Redis database of its own: usage keys are prefixed per deployment (database URL), and this suite also inspects
// Redis directly.
const redisUrl = Object.assign(new URL(testRedisUrl), { pathname: '/11' }).toString();

interface Usage {
  day: string;
  requests: number;
  costPoints: number;
  bytesSent: number;
  subscriptionMinutes: number;
}
interface LiveSub {
  id: string;
  operationName: string | null;
  startedAt: string;
  connectionId: string;
}
interface Reply<T> {
  status: number;
  body: { data?: T | null; errors?: { message: string; extensions?: { code?: string } }[] };
  /** The response body as sent. */
  rawBytes: number;
  /** The response body re-serialised without formatting (what the server measures before framing). */
  jsonBytes: number;
}

async function gql<T = Record<string, unknown>>(baseUrl: string, key: string | null, query: string, variables?: Record<string, unknown>): Promise<Reply<T>> {
  const response = await fetch(`${baseUrl}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(key ? { 'x-api-key': key } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  const text = await response.text();
  const body = JSON.parse(text) as Reply<T>['body'];
  return { status: response.status, body, rawBytes: Buffer.byteLength(text), jsonBytes: Buffer.byteLength(JSON.stringify(body)) };
}

const USAGE = 'query Usage($from: DateTime) { me { usage(from: $from) { day requests costPoints bytesSent subscriptionMinutes } } }';
const SUBS = '{ me { subscriptions { id operationName startedAt connectionId } } }';
const END = 'mutation End($id: ID!) { endSubscription(id: $id) }';

/** Today's and yesterday's usage summed (robust across midnight UTC), and the reply it came in. */
async function usageOf(baseUrl: string, key: string): Promise<{ total: Omit<Usage, 'day'>; reply: Reply<{ me: { usage: Usage[] } }> }> {
  const reply = await gql<{ me: { usage: Usage[] } }>(baseUrl, key, USAGE, { from: new Date(Date.now() - 86_400_000).toISOString() });
  expect(reply.body.errors).toBeUndefined();
  const total = { requests: 0, costPoints: 0, bytesSent: 0, subscriptionMinutes: 0 };
  for (const day of reply.body.data!.me.usage) {
    total.requests += day.requests;
    total.costPoints += day.costPoints;
    total.bytesSent += day.bytesSent;
    total.subscriptionMinutes += day.subscriptionMinutes;
  }
  return { total, reply };
}

async function subscriptionsOf(baseUrl: string, key: string): Promise<LiveSub[]> {
  const reply = await gql<{ me: { subscriptions: LiveSub[] } }>(baseUrl, key, SUBS);
  expect(reply.body.errors).toBeUndefined();
  return reply.body.data!.me.subscriptions;
}

/** A graphql-ws subscription whose `completed` resolves when the server completes it. */
function openSubscription(wsUrl: string, key: string, operationName: string) {
  const client: Client = createClient({ url: wsUrl, webSocketImpl: WebSocket, retryAttempts: 0, lazy: true, connectionParams: { apiKey: key } });
  let failed: (error: unknown) => void = () => undefined;
  const completed = new Promise<void>((resolve, reject) => {
    failed = reject;
    client.subscribe({ query: `subscription ${operationName} { chainStatusChanged { chainId } }`, operationName }, { next: () => undefined, error: (e) => failed(e), complete: resolve });
  });
  completed.catch(() => undefined);
  return { completed, close: () => client.dispose() };
}

describe('usage metering and live subscriptions across two API processes sharing Redis and Postgres', () => {
  let pgdb: TestPostgres;
  let a: TestApp; // in this process: the test can flush it
  let b: SpawnedApp; // a separate `npm start -- --role api` process
  let dataDir: string;
  let redis: Redis;
  let tenant1: { key: string; keyId: string };
  let tenant2: { key: string; keyId: string };
  let costOf: (query: string, variables?: Record<string, unknown>) => number;

  beforeAll(async () => {
    pgdb = await createTestPostgres();
    dataDir = mkdtempSync(join(tmpdir(), 'ocs-usage-'));
    const env = { DATABASE_URL: pgdb.url, REDIS_URL: redisUrl };
    a = await startTestApp({ ROLE: 'api', ...env });
    b = await spawnApp(['--role', 'api'], { ...env, PORT: '0', HOST: '127.0.0.1', NODE_ENV: 'test', DATA_DIR: dataDir });
    const keys = createApiKeyService(createApiKeyRepository(a.app.db));
    const issue = async (name: string) => {
      const { issued } = await keys.createAccountWithKey(name, 'free');
      return { key: issued.key, keyId: issued.record.id };
    };
    [tenant1, tenant2] = [await issue('tenant-one'), await issue('tenant-two')];
    redis = new Redis(redisUrl);
    const schema = await buildAppSchema();
    costOf = (query, variables) => measureOperation(schema, parse(query), variables, null).cost;
  }, 120_000);
  afterAll(async () => {
    redis?.disconnect();
    await b?.stop();
    await a?.stop();
    await pgdb?.drop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('counts requests, cost points and response bytes per key, from both processes, the same before and after a flush', async () => {
    const query = '{ chains { chainId name } }';
    expect((await gql(b.baseUrl, tenant1.key, query)).status).toBe(200);
    // Process b pushes its counts to Redis within a second; a reads them.
    const { total: before, reply: first } = await waitFor(async () => {
      const seen = await usageOf(a.baseUrl, tenant1.key);
      return seen.total.requests >= 1 ? seen : null;
    }, 10_000, 'the request on process b is counted');
    const replies = [await gql(a.baseUrl, tenant1.key, query), await gql(a.baseUrl, tenant1.key, query), await gql(a.baseUrl, tenant1.key, query)];
    const { total: after, reply: second } = await usageOf(a.baseUrl, tenant1.key);

    // The three queries plus the first usage read (a read does not count itself; the next one does).
    expect(after.requests - before.requests).toBe(4);
    expect(after.costPoints - before.costPoints).toBe(3 * costOf(query) + costOf(USAGE, { from: new Date().toISOString() }));
    const sent = [...replies, first];
    const bytes = after.bytesSent - before.bytesSent;
    expect(bytes).toBeGreaterThanOrEqual(sent.reduce((n, r) => n + r.jsonBytes, 0));
    expect(bytes).toBeLessThanOrEqual(sent.reduce((n, r) => n + r.rawBytes, 0));
    // The other tenant's usage is its own.
    expect((await usageOf(a.baseUrl, tenant2.key)).total.requests).toBe(0);

    const day = utcDayOf(Date.now());
    const counterKey = `ocs:usage:${deploymentId({ databaseUrl: pgdb.url, dataDir: '' })}:c:${day}:${tenant1.keyId}`;
    await waitFor(async () => (await redis.exists(counterKey)) === 1, 10_000, 'counters pushed to Redis');
    await a.app.usage!.flush();
    expect(await redis.exists(counterKey)).toBe(0);
    const client = new pg.Client({ connectionString: pgdb.url });
    await client.connect();
    const { rows } = await client.query<{ requests: string; bytes_sent: string }>('SELECT sum(requests) AS requests, sum(bytes_sent) AS bytes_sent FROM usage_daily WHERE key_id = $1', [tenant1.keyId]);
    await client.end();
    // Flushed: everything up to and including the second usage read.
    expect(Number(rows[0]!.requests)).toBe(after.requests + 1);
    const { total: flushed } = await usageOf(a.baseUrl, tenant1.key);
    expect(flushed.requests).toBe(after.requests + 1);
    expect(flushed.bytesSent - after.bytesSent).toBeGreaterThanOrEqual(second.jsonBytes);
    expect(flushed.bytesSent - after.bytesSent).toBeLessThanOrEqual(second.rawBytes);
  });

  it('counts subscription minutes while the subscription is still open', async () => {
    const sub = openSubscription(a.wsUrl, tenant1.key, 'Minutes');
    await waitFor(async () => (await subscriptionsOf(a.baseUrl, tenant1.key)).some((s) => s.operationName === 'Minutes') || null, 10_000, 'subscription listed');
    const t0 = (await usageOf(a.baseUrl, tenant1.key)).total.subscriptionMinutes;
    await new Promise((r) => setTimeout(r, 2200));
    const t1 = (await usageOf(a.baseUrl, tenant1.key)).total.subscriptionMinutes;
    await new Promise((r) => setTimeout(r, 1200));
    const t2 = (await usageOf(a.baseUrl, tenant1.key)).total.subscriptionMinutes;
    expect((await subscriptionsOf(a.baseUrl, tenant1.key)).some((s) => s.operationName === 'Minutes')).toBe(true); // still open
    expect(Math.round((t1 - t0) * 60)).toBeGreaterThanOrEqual(2);
    expect(Math.round((t2 - t1) * 60)).toBeGreaterThanOrEqual(1);
    await sub.close();
  });

  it('lists a key\'s live subscriptions on both processes and ends each from the other process; the client sees complete', async () => {
    const onB = openSubscription(`ws://127.0.0.1:${b.port}/graphql`, tenant1.key, 'OnB');
    const onA = openSubscription(a.wsUrl, tenant1.key, 'OnA');
    const listed = await waitFor(async () => {
      const subs = await subscriptionsOf(a.baseUrl, tenant1.key);
      return subs.some((s) => s.operationName === 'OnB') && subs.some((s) => s.operationName === 'OnA') ? subs : null;
    }, 10_000, 'both subscriptions listed');
    const idB = listed.find((s) => s.operationName === 'OnB')!;
    const idA = listed.find((s) => s.operationName === 'OnA')!;
    expect(idB.connectionId).not.toBe(idA.connectionId);
    expect(Date.parse(idB.startedAt)).toBeLessThanOrEqual(Date.now());
    expect((await subscriptionsOf(b.baseUrl, tenant1.key)).map((s) => s.id).sort()).toEqual(listed.map((s) => s.id).sort());

    const ended = await gql<{ endSubscription: boolean }>(a.baseUrl, tenant1.key, END, { id: idB.id });
    expect(ended.body).toEqual({ data: { endSubscription: true } });
    await onB.completed; // process b ended it on a's request
    const endedA = await gql<{ endSubscription: boolean }>(b.baseUrl, tenant1.key, END, { id: idA.id });
    expect(endedA.body).toEqual({ data: { endSubscription: true } });
    await onA.completed;
    await waitFor(async () => ((await subscriptionsOf(a.baseUrl, tenant1.key)).length === 0 ? true : null), 10_000, 'registry empty');
    await onA.close();
    await onB.close();
  });

  it('never shows or ends another tenant\'s subscription, and answers both like an unknown id', async () => {
    const sub = openSubscription(`ws://127.0.0.1:${b.port}/graphql`, tenant1.key, 'Private');
    const mine = await waitFor(async () => (await subscriptionsOf(a.baseUrl, tenant1.key)).find((s) => s.operationName === 'Private') ?? null, 10_000, 'listed');
    expect(await subscriptionsOf(a.baseUrl, tenant2.key)).toEqual([]);
    const theirs = await gql(a.baseUrl, tenant2.key, END, { id: mine.id });
    const unknown = await gql(a.baseUrl, tenant2.key, END, { id: 'no-such-subscription' });
    expect(theirs.body.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    expect(unknown.body.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    expect(theirs.body.errors?.[0]?.message.replace(mine.id, 'ID')).toBe(unknown.body.errors?.[0]?.message.replace('no-such-subscription', 'ID'));
    expect((await gql(a.baseUrl, null, END, { id: mine.id })).body.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expect(await gql(a.baseUrl, null, SUBS)).toMatchObject({ body: { data: { me: { subscriptions: [] } } } });
    // Still running.
    await new Promise((r) => setTimeout(r, 300));
    expect((await subscriptionsOf(a.baseUrl, tenant1.key)).map((s) => s.id)).toContain(mine.id);
    await sub.close();
  });

  it('lets the account list and end, with its rotated key, a subscription opened with the old key', async () => {
    const keys = createApiKeyService(createApiKeyRepository(a.app.db));
    const { issued: old } = await keys.createAccountWithKey('tenant-rotating', 'free');
    const sub = openSubscription(`ws://127.0.0.1:${b.port}/graphql`, old.key, 'BeforeRotation');
    await waitFor(async () => ((await subscriptionsOf(a.baseUrl, old.key)).length === 1 ? true : null), 10_000, 'listed with the old key');
    const rotated = await keys.rotate(old.record);
    const [listed] = await subscriptionsOf(a.baseUrl, rotated.key);
    expect(listed?.operationName).toBe('BeforeRotation');
    // Another account still sees neither the subscription nor a difference from an unknown id.
    expect(await subscriptionsOf(a.baseUrl, tenant2.key)).toEqual([]);
    expect((await gql(a.baseUrl, tenant2.key, END, { id: listed!.id })).body.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    expect((await gql(a.baseUrl, rotated.key, END, { id: listed!.id })).body).toEqual({ data: { endSubscription: true } });
    await sub.completed;
    await sub.close();
  });

  it('counts WebSocket messages as bytes sent and each subscribe as a request; anonymous callers per client address', async () => {
    const { issued } = await createApiKeyService(createApiKeyRepository(a.app.db)).createAccountWithKey('tenant-three', 'free');
    const httpReplies: Reply<unknown>[] = [];
    const sub = openSubscription(a.wsUrl, issued.key, 'Ws');
    await waitFor(async () => {
      const reply = await gql<{ me: { subscriptions: LiveSub[] } }>(a.baseUrl, issued.key, SUBS);
      httpReplies.push(reply);
      return reply.body.data?.me.subscriptions.length === 1 ? true : null;
    }, 10_000, 'subscription listed');
    await sub.close();
    const { total } = await usageOf(a.baseUrl, issued.key);
    expect(total.requests).toBe(httpReplies.length + 1);
    const httpBytes = httpReplies.reduce((n, r) => n + r.jsonBytes, 0);
    expect(total.bytesSent - httpBytes).toBeGreaterThanOrEqual(Buffer.byteLength(JSON.stringify({ type: 'connection_ack' })));

    const anonymous1 = await gql<{ me: { usage: Usage[] } }>(a.baseUrl, null, USAGE);
    const anonymous2 = await gql<{ me: { usage: Usage[] } }>(a.baseUrl, null, USAGE);
    const sum = (r: typeof anonymous1) => r.body.data!.me.usage.reduce((n, d) => n + d.requests, 0);
    expect(sum(anonymous2) - sum(anonymous1)).toBe(1);
  });

  it('refuses inverted and over-long usage ranges with BAD_USER_INPUT', async () => {
    const q = 'query($from: DateTime, $to: DateTime) { me { usage(from: $from, to: $to) { day } } }';
    const inverted = await gql(a.baseUrl, tenant1.key, q, { from: '2024-05-02T00:00:00Z', to: '2024-05-01T00:00:00Z' });
    const tooLong = await gql(a.baseUrl, tenant1.key, q, { from: '2024-01-01T00:00:00Z', to: '2024-12-31T00:00:00Z' });
    expect(inverted.body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(tooLong.body.errors?.[0]).toMatchObject({ message: expect.stringMatching(/at most 92/), extensions: { code: 'BAD_USER_INPUT' } });
    const days = await gql<{ me: { usage: { day: string }[] } }>(a.baseUrl, tenant1.key, q, { from: '2024-02-28T12:00:00Z', to: '2024-03-01T00:00:00Z' });
    expect(days.body.data?.me.usage.map((d) => d.day)).toEqual(['2024-02-28T00:00:00.000Z', '2024-02-29T00:00:00.000Z', '2024-03-01T00:00:00.000Z']);
  });
});

/** An API-only process without Redis: the config refuses ROLE=api without REDIS_URL (one process needs no sharing), so the role is set after validation. */
async function startApiWithoutRedis(databaseUrl: string) {
  const dir = mkdtempSync(join(tmpdir(), 'ocs-usage-mem-'));
  const config = { ...loadConfig({ PORT: '0', HOST: '127.0.0.1', DATA_DIR: dir, NODE_ENV: 'test', LOG_LEVEL: 'silent', DATABASE_URL: databaseUrl }), role: 'api' as const };
  const app = await createApp({ config, logger: buildLogger(config.logLevel), metrics: createMetrics() });
  return {
    app,
    baseUrl: `http://127.0.0.1:${app.port}`,
    wsUrl: `ws://127.0.0.1:${app.port}/graphql`,
    stop: async () => {
      await app.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

describe('usage metering without Redis (in-memory counters, one process)', () => {
  it('counts, ends a live subscription, and flushes to Postgres when the process stops', async () => {
    const pgdb = await createTestPostgres();
    try {
      const app = await startApiWithoutRedis(pgdb.url);
      const { issued } = await createApiKeyService(createApiKeyRepository(app.app.db)).createAccountWithKey('memory-tenant', 'free');
      let stopped = false;
      try {
        for (let i = 0; i < 3; i++) expect((await gql(app.baseUrl, issued.key, '{ chains { chainId } }')).status).toBe(200);
        expect((await usageOf(app.baseUrl, issued.key)).total.requests).toBe(3);
        const sub = openSubscription(app.wsUrl, issued.key, 'Memory');
        const live = await waitFor(async () => (await subscriptionsOf(app.baseUrl, issued.key))[0] ?? null, 10_000, 'listed');
        expect((await gql(app.baseUrl, issued.key, END, { id: live.id })).body).toEqual({ data: { endSubscription: true } });
        await sub.completed;
        await sub.close();
        await app.stop(); // the meter flushes before the database closes
        stopped = true;
      } finally {
        if (!stopped) await app.stop();
      }
      const client = new pg.Client({ connectionString: pgdb.url });
      await client.connect();
      const { rows } = await client.query<{ requests: string }>('SELECT sum(requests) AS requests FROM usage_daily WHERE key_id = $1', [issued.record.id]);
      await client.end();
      // 3 queries, 1 usage read, 1 (+ retries) subscription listing, 1 subscribe, 1 endSubscription.
      expect(Number(rows[0]!.requests)).toBeGreaterThanOrEqual(7);
    } finally {
      await pgdb.drop();
    }
  });
});
