import { buildLogger } from '../../src/common/logger.js';
import { createMetrics } from '../../src/common/metrics.js';
import type { ChainConfig } from '../../src/config/chainsFile.js';
import { loadConfig } from '../../src/config/config.js';
import { createChainClient } from '../../src/datasources/chain/createChainClient.js';
import type { Database } from '../../src/datasources/db/createDatabase.js';
import { createChainIndexerJob, type ChainIndexerJob } from '../../src/jobs/indexer/createChainIndexerJob.js';
import { createMemoryPubSub } from '../../src/pubsub/createMemoryPubSub.js';
import { waitFor } from './rpc.js';

export const testCommon = () => ({ config: loadConfig({ NODE_ENV: 'test' }), logger: buildLogger((process.env.TEST_LOG_LEVEL as 'silent' | undefined) ?? 'silent'), metrics: createMetrics() });

/** Starts an indexer for `chain` into `db` (no leader lock, no fencing). */
export async function startIndexer(db: Database, chain: ChainConfig): Promise<ChainIndexerJob> {
  const job = createChainIndexerJob({ common: testCommon(), chain, client: createChainClient(chain, { requestTimeoutMs: 2000 }), db, pubsub: createMemoryPubSub(), degradedAfterFailures: 1000 });
  await job.start();
  return job;
}

/** Waits until the chain's checkpoint is `head.number` and the stored block there has the head's hash. */
export async function waitIndexed(db: Database, chainId: number, head: { number: number; hash: string }, timeoutMs = 60_000): Promise<void> {
  await waitFor(async () => {
    const rows: { indexed_block: string | number | null }[] = await db.dataSource.query('SELECT indexed_block FROM chains WHERE chain_id = $1', [chainId]);
    if (Number(rows[0]?.indexed_block) !== head.number) return false;
    const block: { hash: string }[] = await db.dataSource.query('SELECT hash FROM blocks WHERE chain_id = $1 AND number = $2', [chainId, head.number]);
    return block[0]?.hash === head.hash;
  }, timeoutMs, `chain ${chainId} indexed to ${head.number} ${head.hash.slice(0, 10)}`);
}

/** Every decoded-event table's rows for a chain, in a stable order: equal dumps mean equal indexes. */
export async function dumpEvents(db: Database, chainId: number): Promise<Record<string, unknown[]>> {
  const tables: { table_name: string }[] = await db.dataSource.query(
    `SELECT table_name FROM information_schema.columns WHERE table_schema = 'public' AND column_name = 'log_index' ORDER BY table_name`,
  );
  const dump: Record<string, unknown[]> = {};
  for (const { table_name: table } of tables) {
    const rows: Record<string, unknown>[] = await db.dataSource.query(`SELECT * FROM ${table} WHERE chain_id = $1 ORDER BY block_number, log_index`, [chainId]);
    dump[table] = rows.map((row) => Object.fromEntries(Object.entries(row).map(([k, v]) => [k, v === null ? null : String(v)])));
  }
  return dump;
}

/** Stored blocks whose hash is not the canonical chain's (ghosts of orphaned branches). */
export async function ghostBlocks(db: Database, chainId: number, canonicalHash: (n: number) => Promise<string>): Promise<number[]> {
  const rows: { number: string | number; hash: string }[] = await db.dataSource.query('SELECT number, hash FROM blocks WHERE chain_id = $1', [chainId]);
  const ghosts: number[] = [];
  for (const row of rows) if ((await canonicalHash(Number(row.number))) !== row.hash) ghosts.push(Number(row.number));
  return ghosts;
}
