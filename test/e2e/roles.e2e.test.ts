import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAnvil, type Anvil } from '../../src/devnet/anvil/startAnvil.js';
import { writeChainsFile } from '../helpers/chainsFile.js';
import { createTestPostgres, testRedisUrl, type TestPostgres } from '../helpers/database.js';
import { createWsClient, postGraphql, subscribe } from '../helpers/graphqlClients.js';
import { rpc, waitFor } from '../helpers/rpc.js';
import { spawnApp, type SpawnedApp } from '../helpers/spawnApp.js';

const CHAIN_ID = 31_338;

describe('API and worker as separate processes sharing Postgres and Redis', () => {
  let anvil: Anvil;
  let pg: TestPostgres;
  let worker: SpawnedApp;
  let api: SpawnedApp;

  beforeAll(async () => {
    [anvil, pg] = await Promise.all([startAnvil({ chainId: CHAIN_ID }), createTestPostgres()]);
    const env = { DATABASE_URL: pg.url, REDIS_URL: testRedisUrl, CHAINS_CONFIG: writeChainsFile([anvil]), PORT: '0', HOST: '127.0.0.1' };
    worker = await spawnApp(['--role', 'worker'], env);
    api = await spawnApp(['--role', 'api'], env);
  });
  afterAll(async () => {
    await api?.stop('SIGKILL');
    await worker?.stop('SIGKILL');
    await anvil?.stop();
    await pg?.drop();
  });

  it('a subscriber on the API process receives a block the worker process ingests', async () => {
    await waitFor(async () => {
      const { body } = await postGraphql<{ chain: { status: string } }>(api.baseUrl, `{ chain(chainId: ${CHAIN_ID}) { status } }`);
      return body.data?.chain.status === 'LIVE';
    }, 20_000, 'chain live via the API');
    const client = createWsClient(`ws://127.0.0.1:${api.port}/graphql`);
    const sub = subscribe<{ blockAdded: { number: number; hash: string } }>(client, `subscription { blockAdded(chainId: ${CHAIN_ID}) { number hash } }`);
    await new Promise((r) => setTimeout(r, 300)); // let the subscription reach Redis
    await rpc(anvil.rpcUrl, 'evm_mine');
    const { blockAdded } = await sub.next(10_000);
    const head = await rpc<{ number: string; hash: string }>(anvil.rpcUrl, 'eth_getBlockByNumber', ['latest', false]);
    expect(blockAdded).toEqual({ number: Number(head.number), hash: head.hash });
    await sub.close();
    await client.dispose();
  });

  it('the worker serves health but no GraphQL', async () => {
    expect((await fetch(`${worker.baseUrl}/healthz`)).status).toBe(200);
    expect((await fetch(`${worker.baseUrl}/graphql`, { method: 'POST' })).status).toBe(404);
  });

  it('both processes shut down cleanly on SIGTERM', async () => {
    expect(await api.stop('SIGTERM')).toBe(0);
    expect(await worker.stop('SIGTERM')).toBe(0);
  });
});
