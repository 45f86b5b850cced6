import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createClient, type Client } from 'graphql-ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { createApp, type App } from '../../src/app/createApp.js';
import { KEY_RECHECK_INTERVAL_MS } from '../../src/auth/createRequestGuard.js';
import { buildLogger } from '../../src/common/logger.js';
import { createMetrics } from '../../src/common/metrics.js';
import { loadConfig } from '../../src/config/config.js';
import { createTestPostgres, type TestPostgres } from '../helpers/database.js';
import { startRedisServer } from '../helpers/redisServer.js';
import { unusedPort } from '../helpers/rpc.js';

const root = fileURLToPath(new URL('../..', import.meta.url));

interface Reply<T = Record<string, unknown>> {
  status: number;
  retryAfter: string | null;
  data?: T | null;
  errors?: { message: string; extensions?: Record<string, unknown> }[];
}

async function post<T = Record<string, unknown>>(baseUrl: string, query: string, headers: Record<string, string> = {}, variables?: Record<string, unknown>): Promise<Reply<T>> {
  const response = await fetch(`${baseUrl}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ query, variables }) });
  const body = (await response.json()) as Omit<Reply<T>, 'status' | 'retryAfter'>;
  return { status: response.status, retryAfter: response.headers.get('retry-after'), ...body };
}

/** Runs `npm run keys -- ...` (the same node command) and resolves with its exit code and output. */
function runKeysCli(args: string[], env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const proc = spawn(process.execPath, ['--import', '@swc-node/register/esm-register', 'src/auth/cli.ts', ...args], {
    cwd: root,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  proc.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  proc.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve) => proc.once('exit', (code) => resolve({ code, stdout, stderr })));
}

/** Opens a raw graphql-transport-ws socket and sends connection_init: acked, or closed with a code. */
function connect(wsUrl: string, payload?: Record<string, unknown>, sendInit = true): Promise<{ acked: boolean; code?: number; reason?: string; socket: WebSocket }> {
  const socket = new WebSocket(wsUrl, 'graphql-transport-ws');
  return new Promise((resolve, reject) => {
    socket.once('error', reject);
    socket.once('open', () => {
      if (sendInit) socket.send(JSON.stringify({ type: 'connection_init', ...(payload ? { payload } : {}) }));
    });
    socket.on('message', (data: Buffer) => {
      if ((JSON.parse(data.toString()) as { type: string }).type === 'connection_ack') resolve({ acked: true, socket });
    });
    socket.once('close', (code: number, reason: Buffer) => resolve({ acked: false, code, reason: reason.toString(), socket }));
  });
}

function wsClient(wsUrl: string, apiKey?: string): Client {
  return createClient({ url: wsUrl, webSocketImpl: WebSocket, retryAttempts: 0, lazy: true, connectionParams: apiKey ? { apiKey } : undefined });
}

/** One operation over graphql-ws: its result, or its errors. */
function wsRequest<T = Record<string, unknown>>(client: Client, query: string): Promise<{ data?: T | null; errors?: { message: string; extensions?: Record<string, unknown> }[] }> {
  return new Promise((resolve) => {
    let result: { data?: T | null; errors?: { message: string; extensions?: Record<string, unknown> }[] } = {};
    client.subscribe<T>({ query }, {
      next: (value) => (result = value as typeof result),
      error: (error) => resolve({ errors: Array.isArray(error) ? error : [{ message: String((error as { reason?: string }).reason ?? error) }] }),
      complete: () => resolve(result),
    });
  });
}

const ME = '{ me { tier limits { requestsPerMinute maxQueryCost } apiKey { id prefix tier lastUsedAt } } }';

describe('API keys: authentication over HTTP and WebSocket, key management, CLI', () => {
  let pg: TestPostgres;
  let redis: Awaited<ReturnType<typeof startRedisServer>>;
  let app: App;
  let dataDir: string;
  let baseUrl: string;
  let wsUrl: string;
  let cliEnv: Record<string, string>;
  let proKey: string;

  beforeAll(async () => {
    [pg, redis] = await Promise.all([createTestPostgres(), unusedPort().then(startRedisServer)]);
    dataDir = mkdtempSync(join(tmpdir(), 'ocs-auth-'));
    const config = loadConfig({ ROLE: 'api', PORT: '0', HOST: '127.0.0.1', DATABASE_URL: pg.url, REDIS_URL: redis.url, DATA_DIR: dataDir, NODE_ENV: 'test', LOG_LEVEL: 'silent' });
    app = await createApp({ config, logger: buildLogger('silent'), metrics: createMetrics() });
    baseUrl = `http://127.0.0.1:${app.port}`;
    wsUrl = `ws://127.0.0.1:${app.port}/graphql`;
    cliEnv = { DATABASE_URL: pg.url, DATA_DIR: dataDir };
    const created = await runKeysCli(['create', '--tier', 'pro', '--name', 'acme'], cliEnv);
    expect(created.code).toBe(0);
    proKey = created.stdout.split('\n')[0]!;
  });
  afterAll(async () => {
    await app?.stop();
    await redis?.stop();
    await pg?.drop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it('the CLI prints a key once, and that key authenticates as its tier', async () => {
    expect(proKey).toMatch(/^ocs_[0-9a-f]{12}_[A-Za-z0-9_-]{43}$/);
    const reply = await post<{ me: { tier: string; apiKey: { prefix: string; tier: string } } }>(baseUrl, ME, { 'x-api-key': proKey });
    expect(reply.status).toBe(200);
    expect(reply.data?.me.tier).toBe('pro');
    expect(reply.data?.me.apiKey.prefix).toBe(proKey.slice(4, 16));
    const listed = await runKeysCli(['list'], cliEnv);
    expect(listed.stdout).toContain(proKey.slice(4, 16));
    expect(listed.stdout).not.toContain(proKey); // only the prefix is stored and shown
  });

  it('the CLI refuses bad input with usage and exit code 2, an unknown key with 1', async () => {
    expect((await runKeysCli(['create', '--tier', 'gold', '--name', 'x'], cliEnv)).code).toBe(2);
    expect((await runKeysCli(['frobnicate'], cliEnv)).stderr).toMatch(/unknown command frobnicate\nUsage: npm run keys/);
    const missing = await runKeysCli(['revoke', 'ffffffffffff'], cliEnv);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toBe('No API key with id or prefix ffffffffffff\n');
  });

  describe('each key state over HTTP', () => {
    it('no key: the anonymous tier and its limits', async () => {
      const reply = await post<{ me: { tier: string; limits: { requestsPerMinute: number }; apiKey: null } }>(baseUrl, ME);
      expect(reply.status).toBe(200);
      expect(reply.data?.me).toMatchObject({ tier: 'anonymous', apiKey: null, limits: { requestsPerMinute: 600 } });
    });

    it('a valid key as x-api-key or Authorization: Bearer', async () => {
      for (const headers of [{ 'x-api-key': proKey }, { authorization: `Bearer ${proKey}` }] as Record<string, string>[]) {
        const reply = await post<{ me: { tier: string } }>(baseUrl, ME, headers);
        expect(reply.data?.me.tier).toBe('pro');
      }
    });

    it.each([
      ['malformed', () => 'not-a-key', /Malformed API key/],
      ['of another scheme', () => 'Basic dXNlcjpwYXNz', /Malformed API key/],
      ['unknown (well-formed, never issued)', () => `ocs_0123456789ab_${'A'.repeat(43)}`, /Unknown API key/],
      ['with a known prefix and a wrong secret', () => `${proKey.slice(0, 17)}${'B'.repeat(43)}`, /Unknown API key/],
    ])('a %s key answers 401 UNAUTHENTICATED, never anonymous', async (_case, key, message) => {
      const reply = await post(baseUrl, ME, { authorization: `Bearer ${key()}` });
      expect(reply.status).toBe(401);
      expect(reply.data).toBeUndefined();
      expect(reply.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
      expect(reply.errors?.[0]?.message).toMatch(message);
    });

    it('a revoked key answers 401 UNAUTHENTICATED', async () => {
      const created = await runKeysCli(['create', '--tier', 'free', '--name', 'gone'], cliEnv);
      const key = created.stdout.split('\n')[0]!;
      expect((await post<{ me: { tier: string } }>(baseUrl, ME, { 'x-api-key': key })).data?.me.tier).toBe('free');
      expect((await runKeysCli(['revoke', key.slice(4, 16)], cliEnv)).stdout).toMatch(/revoked \d{4}-/);
      const reply = await post(baseUrl, ME, { 'x-api-key': key });
      expect(reply.status).toBe(401);
      expect(reply.errors?.[0]).toMatchObject({ extensions: { code: 'UNAUTHENTICATED' }, message: expect.stringMatching(/revoked/) });
    });
  });

  describe('each key state over WebSocket', () => {
    it('no key: acknowledged, operations run as anonymous', async () => {
      const client = wsClient(wsUrl);
      const result = await wsRequest<{ me: { tier: string } }>(client, ME);
      await client.dispose();
      expect(result.data?.me.tier).toBe('anonymous');
    });

    it('a valid key in connection_init: operations run as its tier', async () => {
      const client = wsClient(wsUrl, proKey);
      const result = await wsRequest<{ me: { tier: string } }>(client, ME);
      await client.dispose();
      expect(result.data?.me.tier).toBe('pro');
    });

    it.each([
      ['malformed', () => 'nope'],
      ['not a string', () => 42],
      ['unknown', () => `ocs_0123456789ab_${'A'.repeat(43)}`],
    ])('a %s key closes the connection with 4403', async (_case, apiKey) => {
      const { acked, code, reason } = await connect(wsUrl, { apiKey: apiKey() });
      expect(acked).toBe(false);
      expect(code).toBe(4403);
      expect(reason).toMatch(/^UNAUTHENTICATED: /);
    });

    it('a revoked key closes the connection with 4403', async () => {
      const key = (await runKeysCli(['create', '--tier', 'free', '--name', 'gone-ws'], cliEnv)).stdout.split('\n')[0]!;
      await runKeysCli(['revoke', key.slice(4, 16)], cliEnv);
      const { code, reason } = await connect(wsUrl, { apiKey: key });
      expect(code).toBe(4403);
      expect(reason).toMatch(/revoked/);
    });

    it('a key revoked while its connection is open: the next operation (a key mutation) is refused and the socket closes 4403', async () => {
      const key = (await runKeysCli(['create', '--tier', 'free', '--name', 'revoked-while-open'], cliEnv)).stdout.split('\n')[0]!;
      const { acked, socket } = await connect(wsUrl, { apiKey: key });
      expect(acked).toBe(true);
      const messages: { id?: string; type: string; payload?: unknown }[] = [];
      socket.on('message', (data: Buffer) => messages.push(JSON.parse(data.toString()) as (typeof messages)[number]));
      const closed = new Promise<{ code: number; reason: string }>((resolve) => socket.once('close', (code: number, reason: Buffer) => resolve({ code, reason: reason.toString() })));
      const createKey = (id: string) => socket.send(JSON.stringify({ id, type: 'subscribe', payload: { query: 'mutation { createApiKey(name: "from-socket") { key } }' } }));
      const reply = async (id: string) => {
        await expect.poll(() => messages.some((m) => m.id === id && (m.type === 'complete' || m.type === 'error')) || socket.readyState !== WebSocket.OPEN, { timeout: 10_000 }).toBe(true);
        return messages.filter((m) => m.id === id);
      };

      createKey('before');
      expect((await reply('before')).map((m) => m.type)).toEqual(['next', 'complete']); // the key works on its socket

      expect((await post(baseUrl, 'mutation($id: ID!) { revokeApiKey(id: $id) { id } }', { 'x-api-key': key }, { id: key.slice(4, 16) })).status).toBe(200);
      await new Promise((resolve) => setTimeout(resolve, KEY_RECHECK_INTERVAL_MS + 200)); // past this process's validity cache

      createKey('after');
      const { code, reason } = await closed;
      expect(code).toBe(4403);
      expect(reason).toMatch(/^UNAUTHENTICATED: .*revoked/);
      const after = messages.filter((m) => m.id === 'after');
      expect(after.map((m) => m.type)).toEqual(['error']);
      expect(after[0]?.payload).toMatchObject([{ extensions: { code: 'UNAUTHENTICATED' } }]);
      const listed = await runKeysCli(['list'], cliEnv);
      expect(listed.stdout.split('\n').filter((line) => line.includes('from-socket'))).toHaveLength(1); // only the key made before revocation
    });

    it('a message over 1 MB closes the connection with 1009 (message too big)', async () => {
      const { acked, socket } = await connect(wsUrl);
      expect(acked).toBe(true);
      const closed = new Promise<number>((resolve) => socket.once('close', (code: number) => resolve(code)));
      socket.send(JSON.stringify({ id: '1', type: 'subscribe', payload: { query: `{ me { tier } } #${'x'.repeat(1_100_000)}` } }));
      expect(await closed).toBe(1009);
    });

    it('a connection that never sends connection_init is closed with 4408 after 10 s', async () => {
      const startedAt = Date.now();
      const { acked, code } = await connect(wsUrl, undefined, false);
      expect(acked).toBe(false);
      expect(code).toBe(4408);
      expect(Date.now() - startedAt).toBeGreaterThanOrEqual(9_500);
    }, 20_000);
  });

  describe('managing keys through GraphQL', () => {
    const CREATE = 'mutation($name: String!) { createApiKey(name: $name) { key apiKey { id name prefix tier revokedAt } } }';
    type Created = { createApiKey: { key: string; apiKey: { id: string; name: string; prefix: string; tier: string; revokedAt: string | null } } };

    it.each([
      ['apiKeys', '{ apiKeys { id } }'],
      ['createApiKey', 'mutation { createApiKey(name: "x") { key } }'],
      ['rotateApiKey', 'mutation { rotateApiKey(id: "x") { key } }'],
      ['revokeApiKey', 'mutation { revokeApiKey(id: "x") { id } }'],
    ])('anonymous callers get UNAUTHENTICATED for %s', async (_field, query) => {
      const reply = await post(baseUrl, query);
      expect(reply.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    });

    it('a key holder creates, lists, rotates and revokes its own keys', async () => {
      const headers = { 'x-api-key': proKey };
      const created = (await post<Created>(baseUrl, CREATE, headers, { name: '  ci  ' })).data!.createApiKey;
      expect(created.apiKey).toMatchObject({ name: 'ci', tier: 'pro', revokedAt: null });
      expect((await post<{ me: { apiKey: { id: string } } }>(baseUrl, ME, { 'x-api-key': created.key })).data?.me.apiKey.id).toBe(created.apiKey.id);

      const listed = (await post<{ apiKeys: { id: string; prefix: string }[] }>(baseUrl, '{ apiKeys { id prefix } }', headers)).data!.apiKeys;
      expect(listed.map((k) => k.prefix)).toEqual(expect.arrayContaining([proKey.slice(4, 16), created.apiKey.prefix]));
      expect(JSON.stringify(listed)).not.toContain(created.key.slice(17));

      const rotated = (await post<{ rotateApiKey: Created['createApiKey'] }>(baseUrl, 'mutation($id: ID!) { rotateApiKey(id: $id) { key apiKey { id name tier } } }', headers, { id: created.apiKey.id })).data!.rotateApiKey;
      expect(rotated.apiKey).toMatchObject({ name: 'ci', tier: 'pro' });
      expect((await post(baseUrl, ME, { 'x-api-key': created.key })).status).toBe(401);
      expect((await post(baseUrl, ME, { 'x-api-key': rotated.key })).status).toBe(200);

      const revoked = (await post<{ revokeApiKey: { revokedAt: string } }>(baseUrl, 'mutation($id: ID!) { revokeApiKey(id: $id) { revokedAt } }', headers, { id: rotated.apiKey.id })).data!.revokeApiKey;
      expect(Date.parse(revoked.revokedAt)).not.toBeNaN();
      expect((await post(baseUrl, ME, { 'x-api-key': rotated.key })).status).toBe(401);
    });

    it('a tenant never sees or touches another tenant\'s keys; their ids answer NOT_FOUND like missing ones', async () => {
      const other = (await runKeysCli(['create', '--tier', 'free', '--name', 'other-tenant'], cliEnv)).stdout.split('\n')[0]!;
      const mine = (await post<{ me: { apiKey: { id: string } } }>(baseUrl, ME, { 'x-api-key': proKey })).data!.me.apiKey.id;
      const theirs = (await post<{ apiKeys: { id: string }[] }>(baseUrl, '{ apiKeys { id } }', { 'x-api-key': other })).data!.apiKeys;
      expect(theirs.map((k) => k.id)).not.toContain(mine);
      for (const [query, id] of [
        ['mutation($id: ID!) { revokeApiKey(id: $id) { id } }', mine],
        ['mutation($id: ID!) { rotateApiKey(id: $id) { key } }', mine],
        ['mutation($id: ID!) { revokeApiKey(id: $id) { id } }', proKey.slice(4, 16)],
        ['mutation($id: ID!) { revokeApiKey(id: $id) { id } }', '00000000-0000-4000-8000-000000000000'],
      ] as const) {
        const reply = await post(baseUrl, query, { 'x-api-key': other }, { id });
        expect(reply.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
        expect(reply.errors?.[0]?.message).toBe(`API key ${id} was not found`);
      }
      expect((await post(baseUrl, ME, { 'x-api-key': proKey })).status).toBe(200); // untouched
    });

    it('concurrent creations and rotations never pass the 10-active-keys cap, and a key rotates at most once', async () => {
      const owner = (await runKeysCli(['create', '--tier', 'free', '--name', 'racer'], cliEnv)).stdout.split('\n')[0]!;
      const headers = { 'x-api-key': owner };
      const active = async () => (await post<{ apiKeys: { id: string; revokedAt: string | null }[] }>(baseUrl, '{ apiKeys { id revokedAt } }', headers)).data!.apiKeys.filter((k) => k.revokedAt === null);
      const create = (name: string) => post<Created>(baseUrl, CREATE, headers, { name });
      const rotate = (id: string) => post<{ rotateApiKey: { key: string } }>(baseUrl, 'mutation($id: ID!) { rotateApiKey(id: $id) { key } }', headers, { id });

      // 1 key held; 12 concurrent creations: exactly 9 fit.
      const created = await Promise.all(Array.from({ length: 12 }, (_, i) => create(`burst-${i}`)));
      expect(created.filter((r) => r.data?.createApiKey).length).toBe(9);
      expect(created.filter((r) => r.errors?.[0]?.extensions?.code === 'FORBIDDEN').length).toBe(3);
      expect(await active()).toHaveLength(10);

      // At the cap, 10 concurrent rotations of one key: one succeeds, the others find it revoked.
      const target = created.find((r) => r.data?.createApiKey)!.data!.createApiKey.apiKey.id;
      const rotations = await Promise.all(Array.from({ length: 10 }, () => rotate(target)));
      expect(rotations.filter((r) => r.data?.rotateApiKey).length).toBe(1);
      expect(rotations.filter((r) => r.errors?.[0]?.extensions?.code === 'BAD_USER_INPUT').length).toBe(9);
      expect(await active()).toHaveLength(10);

      // Rotations of every other key (not the one in use), racing creations: still 10 active.
      const own = (await post<{ me: { apiKey: { id: string } } }>(baseUrl, ME, headers)).data!.me.apiKey.id;
      const others = (await active()).map((k) => k.id).filter((id) => id !== own);
      expect(others).toHaveLength(9);
      const mixed = await Promise.all([...others.map((id) => rotate(id)), ...Array.from({ length: 5 }, (_, i) => create(`late-${i}`))]);
      expect(mixed.slice(0, 9).every((r) => (r.data as { rotateApiKey?: unknown } | null | undefined)?.rotateApiKey)).toBe(true);
      expect(mixed.slice(9).map((r) => r.errors?.[0]?.extensions?.code)).toEqual(Array(5).fill('FORBIDDEN'));
      expect(await active()).toHaveLength(10);
    });

    it('refuses an empty key name with BAD_USER_INPUT', async () => {
      const reply = await post(baseUrl, CREATE, { 'x-api-key': proKey }, { name: '   ' });
      expect(reply.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'name' });
    });

    it('stamps lastUsedAt on use', async () => {
      const me = (await post<{ me: { apiKey: { lastUsedAt: string | null } } }>(baseUrl, ME, { 'x-api-key': proKey })).data!.me;
      expect(Date.parse(me.apiKey.lastUsedAt ?? '')).toBeGreaterThan(Date.now() - 10 * 60_000);
    });
  });

  it('answers a body over 1 MB with 413 and a code', async () => {
    const response = await fetch(`${baseUrl}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: `{ me { tier } } #${'x'.repeat(1_100_000)}` }) });
    expect(response.status).toBe(413);
    const body = (await response.json()) as { errors: { message: string; extensions: { code: string } }[] };
    expect(body.errors[0]).toEqual({ message: 'Request body exceeds 1048576 bytes', extensions: { code: 'BAD_USER_INPUT' } });
  });
});
