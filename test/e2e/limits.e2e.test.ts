import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { getIntrospectionQuery } from 'graphql';
import { createClient, type Client } from 'graphql-ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { createApp, type App } from '../../src/app/createApp.js';
import { createApiKeyService } from '../../src/auth/apiKeyService.js';
import type { TierOverrides } from '../../src/auth/tiers.js';
import { buildLogger } from '../../src/common/logger.js';
import { createMetrics } from '../../src/common/metrics.js';
import { loadConfig } from '../../src/config/config.js';
import { createApiKeyRepository } from '../../src/datasources/db/repositories/apiKeyRepository.js';
import { createBlockRepository } from '../../src/datasources/db/repositories/blockRepository.js';
import { createChainRepository } from '../../src/datasources/db/repositories/chainRepository.js';
import { createMarketRepository } from '../../src/datasources/db/repositories/marketRepository.js';
import { createSwapRepository } from '../../src/datasources/db/repositories/swapRepository.js';
import { createLoaders } from '../../src/datasources/loaders/createLoaders.js';
import { createRequestGuard } from '../../src/auth/createRequestGuard.js';
import type { Principal } from '../../src/auth/principal.js';
import type { Repositories } from '../../src/resolvers/context.js';
import { buildAppSchema } from '../../src/resolvers/buildSchema.js';
import type { ApiObserver } from '../../src/server/apiObserver.js';
import { createApiServer, type ApiServer } from '../../src/server/createApiServer.js';
import type { BlockEvent } from '../../src/pubsub/events.js';
import { topics } from '../../src/pubsub/topics.js';
import { createTestPostgres, type TestPostgres } from '../helpers/database.js';
import { startRedisServer } from '../helpers/redisServer.js';
import { unusedPort, waitFor } from '../helpers/rpc.js';

type GraphQLErrorJson = { message: string; extensions?: Record<string, unknown> };

interface Reply<T = Record<string, unknown>> {
  status: number;
  retryAfter: string | null;
  data?: T | null;
  errors?: GraphQLErrorJson[];
}

async function post<T = Record<string, unknown>>(baseUrl: string, query: string, key?: string): Promise<Reply<T>> {
  const headers: Record<string, string> = { 'content-type': 'application/json', ...(key ? { 'x-api-key': key } : {}) };
  const response = await fetch(`${baseUrl}/graphql`, { method: 'POST', headers, body: JSON.stringify({ query }) });
  const body = (await response.json()) as Omit<Reply<T>, 'status' | 'retryAfter'>;
  return { status: response.status, retryAfter: response.headers.get('retry-after'), ...body };
}

function wsClient(wsUrl: string, apiKey?: string, onClosed?: (code: number) => void): Client {
  return createClient({
    url: wsUrl,
    webSocketImpl: WebSocket,
    retryAttempts: 0,
    lazy: false,
    connectionParams: apiKey ? { apiKey } : undefined,
    on: { closed: (event) => onClosed?.((event as { code: number }).code) },
    onNonLazyError: () => undefined, // refusals are asserted through `closed`
  });
}

/** Resolves when the client is acknowledged, or with the close code when the server refuses it. */
function connection(wsUrl: string, apiKey: string): Promise<{ client: Client; closeCode: number | null }> {
  return new Promise((resolve) => {
    const client = wsClient(wsUrl, apiKey, (code) => resolve({ client, closeCode: code }));
    client.on('connected', () => resolve({ client, closeCode: null }));
  });
}

function wsRequest<T = Record<string, unknown>>(client: Client, query: string): Promise<{ data?: T | null; errors?: GraphQLErrorJson[] }> {
  return new Promise((resolve) => {
    let result: { data?: T | null; errors?: GraphQLErrorJson[] } = {};
    client.subscribe<T>({ query }, {
      next: (value) => (result = value as typeof result),
      error: (error) => resolve({ errors: Array.isArray(error) ? error : [{ message: String(error) }] }),
      complete: () => resolve(result),
    });
  });
}

/** A subscription whose first value or errors can be awaited. */
function openSubscription<T>(client: Client, query: string) {
  let onValue: (value: { data?: T | null; errors?: GraphQLErrorJson[] }) => void = () => undefined;
  const first = new Promise<{ data?: T | null; errors?: GraphQLErrorJson[] }>((resolve) => (onValue = resolve));
  const dispose = client.subscribe<T>({ query }, {
    next: (value) => onValue(value as { data?: T | null; errors?: GraphQLErrorJson[] }),
    error: (error) => onValue({ errors: Array.isArray(error) ? error : [{ message: String(error) }] }),
    complete: () => undefined,
  });
  return { first, dispose };
}

const CHAIN_ID = 31_999;
const tiers: TierOverrides = {
  anonymous: { requestsPerMinute: 40 },
  free: { requestsPerMinute: 12, maxQueryCost: 50, maxDepth: 3, maxAliases: 3, maxWsConnections: 2, maxSubscriptionsPerConnection: 2 },
};

describe('tier limits, enforced over HTTP and WebSocket and shared by two API processes through Redis', () => {
  let pg: TestPostgres;
  let redis: Awaited<ReturnType<typeof startRedisServer>>;
  const apps: App[] = [];
  const dataDirs: string[] = [];
  let http: [string, string];
  let ws: [string, string];
  let newKey: () => Promise<string>;

  beforeAll(async () => {
    [pg, redis] = await Promise.all([createTestPostgres(), unusedPort().then(startRedisServer)]);
    for (let i = 0; i < 2; i += 1) {
      // Two API processes' worth of state: each app has its own Redis connections and its own memory.
      const dataDir = mkdtempSync(join(tmpdir(), 'ocs-limits-'));
      dataDirs.push(dataDir);
      const config = loadConfig({ ROLE: 'api', PORT: '0', HOST: '127.0.0.1', DATABASE_URL: pg.url, REDIS_URL: redis.url, DATA_DIR: dataDir, NODE_ENV: 'test', LOG_LEVEL: 'silent' });
      apps.push(await createApp({ config, logger: buildLogger('silent'), metrics: createMetrics() }, { tiers }));
    }
    http = [`http://127.0.0.1:${apps[0]!.port}`, `http://127.0.0.1:${apps[1]!.port}`];
    ws = [`ws://127.0.0.1:${apps[0]!.port}/graphql`, `ws://127.0.0.1:${apps[1]!.port}/graphql`];
    await createChainRepository(apps[0]!.db).register([{ chainId: CHAIN_ID, name: 'limits', finalityDepth: 1 }]);
    const service = createApiKeyService(createApiKeyRepository(apps[0]!.db));
    let tenant = 0;
    newKey = async () => (await service.createAccountWithKey(`tenant-${(tenant += 1)}`, 'free')).issued.key;
  });
  afterAll(async () => {
    for (const app of apps) await app.stop();
    await redis?.stop();
    await pg?.drop();
    for (const dir of dataDirs) rmSync(dir, { recursive: true, force: true });
  });

  it('a key sees its tier\'s limits in me', async () => {
    const reply = await post<{ me: { tier: string; limits: Record<string, number> } }>(http[0], '{ me { tier limits { requestsPerMinute maxQueryCost maxDepth maxAliases maxWsConnections maxSubscriptionsPerConnection historyDays } } }', await newKey());
    expect(reply.data?.me).toEqual({ tier: 'free', limits: { requestsPerMinute: 12, maxQueryCost: 50, maxDepth: 3, maxAliases: 3, maxWsConnections: 2, maxSubscriptionsPerConnection: 2, historyDays: 90 } });
  });

  it('the per-minute budget is shared by both processes: the 13th request answers 429 with Retry-After on either', async () => {
    const key = await newKey();
    for (let i = 0; i < 12; i += 1) {
      const reply = await post(http[i % 2]!, '{ me { tier } }', key);
      expect(reply.status, `request ${i + 1}`).toBe(200);
    }
    for (const baseUrl of http) {
      const reply = await post(baseUrl, '{ me { tier } }', key);
      expect(reply.status).toBe(429);
      expect(reply.errors?.[0]?.extensions?.code).toBe('RATE_LIMITED');
      const retryAfter = Number(reply.retryAfter);
      expect(retryAfter).toBeGreaterThanOrEqual(1);
      expect(retryAfter).toBeLessThanOrEqual(60);
      expect(reply.errors?.[0]?.extensions?.retryAfterSeconds).toBe(retryAfter);
      expect(reply.errors?.[0]?.message).toMatch(/Rate limit of 12 requests per minute reached \(tier free\); retry in \d+ s/);
    }
  });

  it('WebSocket operations spend the same budget and are refused with RATE_LIMITED', async () => {
    const key = await newKey();
    for (let i = 0; i < 10; i += 1) expect((await post(http[1], '{ me { tier } }', key)).status).toBe(200);
    const { client } = await connection(ws[0], key);
    expect((await wsRequest<{ me: { tier: string } }>(client, '{ me { tier } }')).data?.me.tier).toBe('free');
    expect((await wsRequest(client, '{ me { tier } }')).data).toBeTruthy();
    const refused = await wsRequest(client, '{ me { tier } }');
    await client.dispose();
    expect(refused.errors?.[0]?.extensions).toMatchObject({ code: 'RATE_LIMITED', retryAfterSeconds: expect.any(Number) });
  });

  it('a flood from one tenant does not rate-limit another tenant or anonymous callers', async () => {
    const [flooder, quiet] = [await newKey(), await newKey()];
    const statuses = await Promise.all(Array.from({ length: 30 }, (_, i) => post(http[i % 2]!, '{ me { tier } }', flooder).then((r) => r.status)));
    expect(statuses.filter((s) => s === 200)).toHaveLength(12);
    expect(statuses.filter((s) => s === 429)).toHaveLength(18);
    for (const baseUrl of http) {
      expect((await post(baseUrl, '{ me { tier } }', quiet)).status).toBe(200);
      expect((await post(baseUrl, '{ me { tier } }')).status).toBe(200);
    }
  });

  describe('per-operation limits', () => {
    let key: string;
    beforeAll(async () => {
      key = await newKey();
    });

    it.each([
      ['cost', `{ blocks(chainId: ${CHAIN_ID}, first: 1000) { nodes { number } } }`, { limitName: 'cost', cost: 1001, limit: 50 }],
      ['depth', `{ blocks(chainId: ${CHAIN_ID}, first: 5) { edges { node { number } } } }`, { limitName: 'depth', actual: 4, limit: 3 }],
      ['aliases', '{ a: me { tier } b: me { tier } c: me { tier } d: me { tier } }', { limitName: 'aliases', actual: 4, limit: 3 }],
    ])('%s over the limit: QUERY_TOO_COMPLEX over HTTP (400) and over WebSocket', async (_case, query, extensions) => {
      const reply = await post(http[0], query, key);
      expect(reply.status).toBe(400);
      expect(reply.data).toBeUndefined();
      expect(reply.errors?.[0]?.extensions).toMatchObject({ code: 'QUERY_TOO_COMPLEX', ...extensions });
      const { client } = await connection(ws[1], key);
      const result = await wsRequest(client, query);
      await client.dispose();
      expect(result.errors?.[0]?.extensions).toMatchObject({ code: 'QUERY_TOO_COMPLEX', ...extensions });
    });

    it('the full introspection query costs a fixed 100 (over this tight tier\'s 50; within every default tier) and is not counted for depth', async () => {
      const refused = await post(http[0], getIntrospectionQuery(), key);
      expect(refused.status).toBe(400);
      expect(refused.errors?.[0]?.extensions).toMatchObject({ code: 'QUERY_TOO_COMPLEX', limitName: 'cost', cost: 100, limit: 50 });
      const anonymous = await post<{ __schema: { types: unknown[] } }>(http[0], getIntrospectionQuery()); // default anonymous limit 2,500
      expect(anonymous.status).toBe(200);
      expect(anonymous.data?.__schema.types.length).toBeGreaterThan(20);
    });

    it('an operation within every limit runs', async () => {
      const reply = await post<{ blocks: { nodes: unknown[] } }>(http[0], `{ blocks(chainId: ${CHAIN_ID}, first: 49) { nodes { number } } }`, key);
      expect(reply.status).toBe(200);
      expect(reply.data?.blocks.nodes).toEqual([]);
    });

    it('a subscription over a limit is refused before it starts, and the connection stays usable', async () => {
      const { client } = await connection(ws[0], key);
      const result = await wsRequest(client, `subscription { blockAdded(chainId: ${CHAIN_ID}) { a: number b: number c: hash d: hash } }`);
      expect(result.errors?.[0]?.extensions).toMatchObject({ code: 'QUERY_TOO_COMPLEX', limitName: 'aliases', actual: 4, limit: 3 });
      expect((await wsRequest<{ me: { tier: string } }>(client, '{ me { tier } }')).data?.me.tier).toBe('free');
      await client.dispose();
    });
  });

  it('a subscription sent over HTTP answers 400 BAD_USER_INPUT pointing at graphql-ws', async () => {
    const reply = await post(http[0], `subscription { blockAdded(chainId: ${CHAIN_ID}) { number } }`, await newKey());
    expect(reply.status).toBe(400);
    expect(reply.data).toBeUndefined();
    expect(reply.errors?.[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT' }, message: expect.stringMatching(/graphql-ws/) });
  });

  it('an operation over 10,000 fields after fragment expansion reports its real field count', async () => {
    // 14 levels of doubling fragments: me + 2^14 tier fields.
    const fragments = Array.from({ length: 15 }, (_, i) => `fragment F${i} on Me { ${i === 14 ? 'tier' : `...F${i + 1} ...F${i + 1}`} }`).join(' ');
    const reply = await post(http[1], `{ me { ...F0 } } ${fragments}`, await newKey());
    expect(reply.status).toBe(400);
    expect(reply.errors?.[0]?.extensions).toMatchObject({ code: 'QUERY_TOO_COMPLEX', limitName: 'nodes', actual: 1 + 2 ** 14, limit: 10_000 });
  });

  it('WebSocket connections per key are counted across both processes: the third is closed with 4429', async () => {
    const key = await newKey();
    const first = await connection(ws[0], key);
    const second = await connection(ws[1], key);
    expect([first.closeCode, second.closeCode]).toEqual([null, null]);
    const third = await connection(ws[0], key);
    expect(third.closeCode).toBe(4429);
    await third.client.dispose();
    await first.client.dispose();
    // The slot comes back once the server has seen the close.
    const again = await waitFor(async () => {
      const attempt = await connection(ws[1], key);
      if (attempt.closeCode === null) return attempt;
      await attempt.client.dispose();
      return null;
    }, 5_000, 'a freed connection slot');
    expect(again.closeCode).toBeNull();
    await again.client.dispose();
    await second.client.dispose();
  });

  it('subscriptions per connection are capped; completing one frees its slot', async () => {
    const key = await newKey();
    const { client } = await connection(ws[0], key);
    const query = `subscription { blockAdded(chainId: ${CHAIN_ID}) { number hash } }`;
    const subs = [openSubscription<{ blockAdded: { number: number } }>(client, query), openSubscription<{ blockAdded: { number: number } }>(client, query)];
    const third = openSubscription(client, query);
    const refused = await third.first;
    expect(refused.errors?.[0]?.extensions).toMatchObject({ code: 'FORBIDDEN', limitName: 'subscriptionsPerConnection', limit: 2 });
    expect(refused.errors?.[0]?.message).toMatch(/At most 2 concurrent subscriptions per connection on tier free/);

    subs[0]!.dispose();
    const fourth = await waitFor(async () => {
      const attempt = openSubscription<{ blockAdded: { number: number } }>(client, query);
      // Publish until the new subscription receives a block (it is refused at once while the slot is still taken).
      const event: BlockEvent = { chainId: CHAIN_ID, number: 7, hash: `0x${'1'.repeat(64)}`, parentHash: `0x${'0'.repeat(64)}`, timestampSec: 1_700_000_000, transactionCount: 0, miner: `0x${'2'.repeat(40)}`, gasUsed: 0n, baseFeePerGas: null, indexedAtMs: Date.now() };
      const timer = setInterval(() => void apps[0]!.pubsub.publish(topics.blockAdded(CHAIN_ID), event), 100);
      const value = await attempt.first;
      clearInterval(timer);
      return value.data ? value : null;
    }, 10_000, 'a fourth subscription after completing one');
    expect(fourth.data).toEqual({ blockAdded: { number: 7, hash: `0x${'1'.repeat(64)}` } });
    await client.dispose();
  });

  it('without a key, callers get the anonymous tier, limited per client address', async () => {
    const me = await post<{ me: { tier: string; limits: { requestsPerMinute: number } } }>(http[0], '{ me { tier limits { requestsPerMinute } } }');
    expect(me.data?.me).toEqual({ tier: 'anonymous', limits: { requestsPerMinute: 40 } });
    let limited: Reply | undefined;
    for (let i = 0; i < 41 && !limited; i += 1) {
      const reply = await post(http[i % 2]!, '{ me { tier } }');
      if (reply.status === 429) limited = reply;
    }
    expect(limited?.errors?.[0]?.message).toMatch(/Rate limit of 40 requests per minute reached \(tier anonymous\)/);
    // Refused keys spend the address's anonymous budget, so guessing keys is limited too.
    const guess = await post(http[1], '{ me { tier } }', `ocs_0123456789ab_${'G'.repeat(43)}`);
    expect([guess.status, guess.errors?.[0]?.extensions?.code]).toEqual([429, 'RATE_LIMITED']);
    const wsGuess = await connection(ws[0], `ocs_0123456789ab_${'G'.repeat(43)}`);
    expect(wsGuess.closeCode).toBe(4429);
    await wsGuess.client.dispose();
    const key = await newKey();
    expect((await post(http[0], '{ me { tier } }', key)).status).toBe(200);
  });

  describe('the ApiObserver sees both transports with real cost points and bytes', () => {
    let server: ApiServer;
    let baseUrl: string;
    let wsUrl: string;
    const calls: { kind: keyof ApiObserver; principal: Principal; info: unknown }[] = [];
    const observer: ApiObserver = {
      onRequest: (principal, info) => calls.push({ kind: 'onRequest', principal, info }),
      onSubscriptionStart: (principal, info) => calls.push({ kind: 'onSubscriptionStart', principal, info }),
      onSubscriptionEnd: (principal, info) => calls.push({ kind: 'onSubscriptionEnd', principal, info }),
      onBytesSent: (principal, bytes) => calls.push({ kind: 'onBytesSent', principal, info: bytes }),
    };
    const of = (kind: keyof ApiObserver) => calls.filter((c) => c.kind === kind);

    beforeAll(async () => {
      const app = apps[0]!;
      const config = loadConfig({ PORT: '0', HOST: '127.0.0.1', DATABASE_URL: pg.url, NODE_ENV: 'test', LOG_LEVEL: 'silent' });
      const common = { config, logger: buildLogger('silent'), metrics: createMetrics() };
      const db = app.db;
      const repos: Repositories = { chains: createChainRepository(db), blocks: createBlockRepository(db), market: createMarketRepository(db), swaps: createSwapRepository(db), apiKeys: createApiKeyRepository(db) };
      const guard = createRequestGuard({ common, apiKeys: repos.apiKeys });
      server = createApiServer({
        common,
        schema: await buildAppSchema(),
        guard,
        observer,
        createContext: (principal) => ({ repos, loaders: createLoaders(repos), pubsub: app.pubsub, logger: common.logger, principal }),
        readinessChecks: () => [],
      });
      const { port } = await server.start();
      baseUrl = `http://127.0.0.1:${port}`;
      wsUrl = `ws://127.0.0.1:${port}/graphql`;
    });
    afterAll(async () => {
      await server?.stop();
    });

    it('over HTTP: one onRequest per operation with its cost and response size; refused operations are not reported', async () => {
      const key = await newKey();
      const response = await fetch(`${baseUrl}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-api-key': key },
        body: JSON.stringify({ query: `query Page { blocks(chainId: ${CHAIN_ID}, first: 7) { nodes { number } } }` }),
      });
      const text = await response.text();
      expect(response.status).toBe(200);
      expect(of('onRequest')).toHaveLength(1);
      expect(of('onRequest')[0]!.principal).toMatchObject({ tier: 'free', keyPrefix: key.slice(4, 16) });
      expect(of('onRequest')[0]!.info).toEqual({ costPoints: 8, bytesSent: Buffer.byteLength(text), operationName: 'Page' });
      expect((await post(baseUrl, '{ chains { nope } }', key)).status).toBe(400);
      expect(of('onRequest')).toHaveLength(1);
    });

    it('over WebSocket: the operation, the subscription\'s start and end (end() completes it), and the bytes written', async () => {
      calls.length = 0;
      const key = await newKey();
      const { client } = await connection(wsUrl, key);
      let completed = false;
      const values: unknown[] = [];
      client.subscribe({ query: `subscription Blocks { blockAdded(chainId: ${CHAIN_ID}) { number } }` }, {
        next: (value) => values.push(value),
        error: () => undefined,
        complete: () => (completed = true),
      });
      const started = await waitFor(() => of('onSubscriptionStart')[0], 5_000, 'onSubscriptionStart');
      expect(of('onRequest').map((c) => c.info)).toEqual([{ costPoints: 1, bytesSent: 0, operationName: 'Blocks' }]);
      const info = started.info as { connectionId: string; subscriptionId: string; operationName: string | null; end: () => Promise<void> };
      expect(info).toMatchObject({ connectionId: expect.any(String), subscriptionId: expect.any(String), operationName: 'Blocks' });

      const event: BlockEvent = { chainId: CHAIN_ID, number: 9, hash: `0x${'3'.repeat(64)}`, parentHash: `0x${'0'.repeat(64)}`, timestampSec: 1_700_000_000, transactionCount: 0, miner: `0x${'2'.repeat(40)}`, gasUsed: 0n, baseFeePerGas: null, indexedAtMs: Date.now() };
      await waitFor(async () => {
        await apps[0]!.pubsub.publish(topics.blockAdded(CHAIN_ID), event);
        return values.length > 0;
      }, 5_000, 'a delivered block');
      const message = JSON.stringify({ id: info.subscriptionId, type: 'next', payload: { data: { blockAdded: { number: 9 } } } });
      expect(of('onBytesSent').map((c) => c.info)).toContain(Buffer.byteLength(message));

      await info.end();
      await waitFor(() => completed, 5_000, 'the client to receive complete');
      expect(of('onSubscriptionEnd').map((c) => c.info)).toEqual([{ connectionId: info.connectionId, subscriptionId: info.subscriptionId }]);
      expect(new Set(calls.map((c) => c.principal.keyPrefix))).toEqual(new Set([key.slice(4, 16)]));
      await client.dispose();
    });
  });
});
