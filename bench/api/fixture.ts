import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { buildLogger } from '../../src/common/logger.js';
import { startDevnet } from '../../src/devnet/startDevnet.js';
import { adminUrl } from '../../test/helpers/database.js';
import { spawnApp } from '../../test/helpers/spawnApp.js';

/** A Postgres database holding indexed devnet history and the market job's output, for the API benchmark. */
export interface ApiFixture {
  databaseUrl: string;
  /** Chain ids with the newest indexed block of each. */
  chains: { chainId: number; indexedBlock: number }[];
  /** Seconds from the first to the last indexed block's timestamp, per chain (the history actually served). */
  historySec: number;
  built: boolean;
}

const databaseUrlOf = (name: string) => {
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return url.toString();
};

async function withAdmin<T>(fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    return await fn(admin);
  } finally {
    await admin.end();
  }
}

async function query<T>(url: string, sql: string, params: unknown[] = []): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(sql, params)).rows as T[];
  } finally {
    await client.end();
  }
}

async function describe(url: string): Promise<Omit<ApiFixture, 'databaseUrl' | 'built'>> {
  const chains = await query<{ chain_id: number; indexed_block: string }>(url, 'SELECT chain_id, indexed_block FROM chains ORDER BY chain_id');
  const span = await query<{ span: string | null }>(url, 'SELECT MIN(max - min) AS span FROM (SELECT chain_id, MIN(timestamp_sec) AS min, MAX(timestamp_sec) AS max FROM blocks GROUP BY chain_id) s');
  return { chains: chains.map((c) => ({ chainId: c.chain_id, indexedBlock: Number(c.indexed_block) })), historySec: Number(span[0]?.span ?? 0) };
}

/** Done when every chain is indexed to its head, the market job has caught up, and the fixture is marked complete. */
async function isComplete(url: string): Promise<boolean> {
  try {
    const rows = await query<{ done: boolean }>(url, "SELECT to_regclass('bench_fixture') IS NOT NULL AS done");
    return rows[0]?.done === true;
  } catch {
    return false;
  }
}

/**
 * Builds (or, with `reuse`, finds) the benchmark database: the devnet with `historySec` of simulated history
 * (both chains, `seed`), indexed by a real worker process (`src/main.ts --role worker`, as production runs it) into
 * Postgres until every chain's checkpoint is its head and the market job has computed at the head. The devnet is
 * stopped afterwards: the API benchmark reads a database that no longer changes, so runs compare like with like.
 */
export async function prepareApiFixture(options: { seed: number; historySec: number; reuse: boolean; redisUrl: string; log: (m: string) => void }): Promise<ApiFixture> {
  const name = `ocs_bench_api_s${options.seed}_h${options.historySec}`;
  const databaseUrl = databaseUrlOf(name);
  if (options.reuse && (await isComplete(databaseUrl))) {
    options.log(`reusing ${name}`);
    return { databaseUrl, built: false, ...(await describe(databaseUrl)) };
  }
  await withAdmin(async (admin) => {
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.query(`CREATE DATABASE ${name}`);
  });
  const manifestPath = join(mkdtempSync(join(tmpdir(), 'ocs-bench-api-')), 'devnet.json');
  options.log(`devnet: seed ${options.seed}, ${options.historySec / 3600} h of history (a few minutes)`);
  const devnet = await startDevnet({ seed: options.seed, manifestPath, history: { durationSec: options.historySec }, live: false, logger: buildLogger('warn', { service: 'bench-devnet' }) });
  try {
    options.log(`devnet ready in ${(devnet.timings.totalMs / 1000).toFixed(0)} s; indexing with a worker process`);
    const worker = await spawnApp(['--role', 'worker'], { DATABASE_URL: databaseUrl, REDIS_URL: options.redisUrl, CHAINS_CONFIG: manifestPath, PORT: '0', LOG_LEVEL: 'warn' }, 120_000);
    const killOnExit = () => worker.proc.kill('SIGKILL');
    process.once('exit', killOnExit);
    const deadline = Date.now() + 20 * 60_000;
    try {
      const heads = await Promise.all(devnet.chains.map(async (chain) => ({ chainId: chain.chainId, head: Number(await chain.clients.publicClient.getBlockNumber()) })));
      for (;;) {
        const rows = await query<{ chain_id: number; indexed_block: string | null; market_block: string | null }>(databaseUrl,
          'SELECT c.chain_id, c.indexed_block, (SELECT MAX(block_number) FROM protocol_stats p WHERE p.chain_id = c.chain_id) AS market_block FROM chains c');
        const done = heads.every((h) => {
          const row = rows.find((r) => r.chain_id === h.chainId);
          return row && Number(row.indexed_block) === h.head && Number(row.market_block) === h.head;
        });
        options.log(`indexed ${rows.map((r) => `${r.chain_id}: ${r.indexed_block ?? '-'} / market ${r.market_block ?? '-'}`).join(', ')} of ${heads.map((h) => h.head).join(', ')}`);
        if (done) break;
        if (Date.now() > deadline) throw new Error(`the worker did not catch up within 20 min; its output ends:\n${worker.output().slice(-3000)}`);
        await new Promise((resolve) => setTimeout(resolve, 5000));
      }
      // Let the market job finish backfilling history snapshots over the indexed blocks.
      await new Promise((resolve) => setTimeout(resolve, 10_000));
    } finally {
      process.off('exit', killOnExit);
      await worker.stop();
    }
  } finally {
    await devnet.stop();
  }
  await query(databaseUrl, 'CREATE TABLE bench_fixture (built_at timestamptz NOT NULL DEFAULT now())');
  return { databaseUrl, built: true, ...(await describe(databaseUrl)) };
}

/** Drops the benchmark database. */
export async function dropApiFixture(fixture: ApiFixture): Promise<void> {
  const name = new URL(fixture.databaseUrl).pathname.slice(1);
  await withAdmin((admin) => admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
}
