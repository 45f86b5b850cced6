import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAnvil, type Anvil } from '../../src/devnet/anvil/startAnvil.js';
import { writeChainsFile } from '../helpers/chainsFile.js';
import { createWsClient, postGraphql, subscribe } from '../helpers/graphqlClients.js';
import { startRedisServer } from '../helpers/redisServer.js';
import { rpc, unusedPort, waitFor } from '../helpers/rpc.js';
import { runAppExpectingFailure } from '../helpers/spawnApp.js';
import { startTestApp, type TestApp } from '../helpers/startTestApp.js';

describe('start-up fails with one clear line', () => {
  it.each([
    ['a malformed PORT', { PORT: 'eighty' }, /^Configuration error: PORT is invalid: expected an integer port 0-65535, got "eighty"\n$/],
    ['an unreachable DATABASE_URL', { DATABASE_URL: 'postgres://nobody:secret@127.0.0.1:{port}/nowhere' }, /^Start-up failed: Cannot open database postgres:\/\/\*\*\*:\*\*\*@127\.0\.0\.1:\d+\/nowhere: .+\n$/],
    ['an unreachable REDIS_URL', { REDIS_URL: 'redis://127.0.0.1:{port}/0' }, /^Start-up failed: Cannot connect to Redis at redis:\/\/127\.0\.0\.1:\d+\/0: no connection within \d+ ms\n$/],
    ['a missing chains file', { CHAINS_CONFIG: '/nonexistent/chains.json' }, /^Start-up failed: CHAINS_CONFIG is invalid: expected a readable JSON file path, got "\/nonexistent\/chains.json"\n$/],
  ])('for %s', async (_case, env, message) => {
    const port = String(await unusedPort());
    const resolved = Object.fromEntries(Object.entries(env).map(([k, v]) => [k, v.replace('{port}', port)]));
    const { code, stderr } = await runAppExpectingFailure([], { PORT: '0', DATA_DIR: '/tmp/ocs-fail', ...resolved });
    expect(code).toBe(1);
    expect(stderr).toMatch(message);
    expect(stderr).not.toContain('secret');
  });

  it('for an unknown flag, with usage', async () => {
    const { code, stderr } = await runAppExpectingFailure(['--rol', 'api'], {});
    expect(code).toBe(2);
    expect(stderr).toMatch(/^Invalid arguments: .*--rol.*Usage: npm start -- \[--role api\|worker\|all\]/);
  });
});

describe('runtime faults', () => {
  let anvils: Anvil[];
  let redis: Awaited<ReturnType<typeof startRedisServer>>;
  let redisPort: number;
  let t: TestApp;

  beforeAll(async () => {
    redisPort = await unusedPort();
    [anvils, redis] = await Promise.all([Promise.all([startAnvil({ chainId: 31_401, automine: false }), startAnvil({ chainId: 31_402, automine: false })]), startRedisServer(redisPort)]);
    t = await startTestApp({ CHAINS_CONFIG: writeChainsFile(anvils), REDIS_URL: redis.url });
  });
  afterAll(async () => {
    await t?.stop();
    await redis?.stop();
    for (const a of anvils ?? []) await a.stop();
  });

  it('Redis going away: queries keep working, /readyz reports it, subscriptions resume when it returns', async () => {
    const client = createWsClient(t.wsUrl);
    const sub = subscribe<{ blockAdded: { number: number } }>(client, 'subscription { blockAdded(chainId: 31401) { number } }');
    await new Promise((r) => setTimeout(r, 300));
    await rpc(anvils[0]!.rpcUrl, 'evm_mine');
    const before = (await sub.next()).blockAdded.number;

    await redis.stop();
    await waitFor(async () => (await fetch(`${t.baseUrl}/readyz`)).status === 503, 10_000, '/readyz 503');
    const readiness = (await (await fetch(`${t.baseUrl}/readyz`)).json()) as { checks: { name: string; ok: boolean }[] };
    expect(readiness.checks.find((c) => c.name === 'redis')?.ok).toBe(false);
    const { status, body } = await postGraphql<{ chains: unknown[] }>(t.baseUrl, '{ chains { chainId } }');
    expect(status).toBe(200);
    expect(body.data?.chains).toHaveLength(2);

    redis = await startRedisServer(redisPort);
    await waitFor(async () => (await fetch(`${t.baseUrl}/readyz`)).status === 200, 15_000, '/readyz 200 again');
    await new Promise((r) => setTimeout(r, 500)); // ioredis re-subscribes right after reconnecting
    await rpc(anvils[0]!.rpcUrl, 'evm_mine');
    // Blocks mined while Redis was down were dropped (pub/sub is fire-and-forget); new ones flow again.
    let after = (await sub.next(15_000)).blockAdded.number;
    while (after <= before) after = (await sub.next(15_000)).blockAdded.number;
    expect(after).toBeGreaterThan(before);
    await sub.close();
    await client.dispose();
  });

  it('an RPC that stops answering marks its chain degraded and leaves the other chain live', async () => {
    await anvils[1]!.stop();
    const chains = await waitFor(async () => {
      const { body } = await postGraphql<{ chains: { chainId: number; status: string; statusDetail: string | null }[] }>(t.baseUrl, '{ chains { chainId status statusDetail } }');
      const rows = body.data?.chains ?? [];
      return rows.find((c) => c.chainId === 31_402)?.status === 'DEGRADED' ? rows : null;
    }, 20_000, 'chain 31402 degraded');
    expect(chains.find((c) => c.chainId === 31_402)?.statusDetail).toMatch(/failed/);
    await rpc(anvils[0]!.rpcUrl, 'evm_mine');
    const head = Number(await rpc<string>(anvils[0]!.rpcUrl, 'eth_blockNumber'));
    await waitFor(async () => {
      const { body } = await postGraphql<{ chain: { status: string; indexedBlock: number } }>(t.baseUrl, '{ chain(chainId: 31401) { status indexedBlock } }');
      return body.data?.chain.status === 'LIVE' && body.data.chain.indexedBlock === head;
    }, 10_000, 'chain 31401 still live');
    const ready = (await (await fetch(`${t.baseUrl}/readyz`)).json()) as { status: string };
    expect(ready.status).toBe('degraded');
  });
});
