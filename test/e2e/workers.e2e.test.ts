import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildLogger } from '../../src/common/logger.js';
import { createDatabase, type Database } from '../../src/datasources/db/createDatabase.js';
import { createTestPostgres, testRedisUrl, type TestPostgres } from '../helpers/database.js';
import { createIndexFixture, type IndexFixture } from '../helpers/indexFixture.js';
import { dumpEvents, startIndexer, waitIndexed } from '../helpers/indexing.js';
import { waitFor } from '../helpers/rpc.js';
import { spawnApp, type SpawnedApp } from '../helpers/spawnApp.js';
import { createFaultProxy, type FaultProxy } from '../tools/createFaultProxy.js';

const CHAIN_ID = 31_600;

async function chainRow(url: string): Promise<{ indexed: number; epoch: number }> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query('SELECT indexed_block, leader_epoch FROM chains WHERE chain_id = $1', [CHAIN_ID]);
    return { indexed: rows[0] ? Number(rows[0].indexed_block ?? -1) : -1, epoch: rows[0] ? Number(rows[0].leader_epoch) : 0 };
  } finally {
    await client.end();
  }
}

describe('several worker processes on one chain', () => {
  let fixture: IndexFixture;
  let proxy: FaultProxy;
  let pgdb: TestPostgres;
  let db: Database;
  let reference: Record<string, unknown[]>;
  let env: Record<string, string>;
  const workers: SpawnedApp[] = [];

  beforeAll(async () => {
    fixture = await createIndexFixture(CHAIN_ID);
    await fixture.mine(40, 3);
    // The reference: a clean, direct index of the same chain.
    const refPg = await createTestPostgres();
    const refDb = await createDatabase({ url: refPg.url, logger: buildLogger('silent') });
    const job = await startIndexer(refDb, fixture.chainConfig());
    await waitIndexed(refDb, CHAIN_ID, await fixture.head());
    reference = await dumpEvents(refDb, CHAIN_ID);
    await job.stop();
    await refDb.close();
    await refPg.drop();
    // Workers read through a slow proxy in small ranges, so the backfill lasts long enough to be interrupted.
    proxy = await createFaultProxy({ upstreamHttpUrl: fixture.anvil.rpcUrl, upstreamWsUrl: fixture.anvil.wsUrl, faults: { latencyMs: 60 } });
    const dir = mkdtempSync(join(tmpdir(), 'ocs-workers-'));
    const config = fixture.chainConfig({ rpcUrls: [proxy.httpUrl], wsUrls: [], finalityDepth: 4, maxLogRange: 3, pollIntervalMs: 200 });
    writeFileSync(join(dir, 'chains.json'), JSON.stringify({ chains: [{ ...config, rpcUrl: proxy.httpUrl, rpcUrls: undefined, wsUrls: undefined }] }));
    pgdb = await createTestPostgres();
    db = await createDatabase({ url: pgdb.url, logger: buildLogger('silent') });
    env = { DATABASE_URL: pgdb.url, REDIS_URL: testRedisUrl, CHAINS_CONFIG: join(dir, 'chains.json'), PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'info' };
  });
  afterAll(async () => {
    for (const w of workers) await w.stop('SIGKILL');
    await db?.close();
    await proxy?.close();
    await pgdb?.drop();
    await fixture?.stop();
  });

  it('kill -9 of the leader mid-backfill, then two new workers: one leads, the other takes over when it dies, nothing lost or doubled', async () => {
    const head = await fixture.head();
    const first = await spawnApp(['--role', 'worker'], env);
    workers.push(first);
    await waitFor(async () => {
      const { indexed } = await chainRow(pgdb.url);
      return indexed > 8 && indexed < head.number - 10;
    }, 30_000, 'backfill under way');
    first.proc.kill('SIGKILL');
    const interruptedAt = (await chainRow(pgdb.url)).indexed;
    expect(interruptedAt).toBeLessThan(head.number);

    const [b, c] = await Promise.all([spawnApp(['--role', 'worker'], env), spawnApp(['--role', 'worker'], env)]);
    workers.push(b, c);
    const leader = await waitFor(() => [b, c].find((w) => w.output().includes('leading the chain')), 15_000, 'a leader');
    const standby = leader === b ? c : b;
    await waitFor(async () => (await chainRow(pgdb.url)).indexed > interruptedAt, 15_000, 'progress under the new leader');
    expect(standby.output()).not.toContain('leading the chain');

    const killedAt = Date.now();
    leader.proc.kill('SIGKILL');
    await waitFor(() => standby.output().includes('leading the chain'), 15_000, 'the standby takes over');
    const takeoverMs = Date.now() - killedAt;
    expect(takeoverMs).toBeLessThan(10_000);
    process.stdout.write(`standby took over ${takeoverMs} ms after the leader was killed\n`);
    expect((await chainRow(pgdb.url)).epoch).toBe(3);

    await waitIndexed(db, CHAIN_ID, head, 60_000);
    expect(await dumpEvents(db, CHAIN_ID)).toEqual(reference);
  });
});
