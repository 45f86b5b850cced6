import { buildLogger } from '../../src/common/logger.js';
import type { ChainConfig } from '../../src/config/chainsFile.js';
import { createChainClient } from '../../src/datasources/chain/createChainClient.js';
import { createDatabase, type Database } from '../../src/datasources/db/createDatabase.js';
import { createChainIndexerJob, type ChainIndexerJob } from '../../src/jobs/indexer/createChainIndexerJob.js';
import { createMemoryPubSub } from '../../src/pubsub/createMemoryPubSub.js';
import { createTestPostgres } from '../../test/helpers/database.js';
import { testCommon } from '../../test/helpers/indexing.js';
import { digestTables, type ComparedKind, type TableDigest } from './digestTables.js';
import { createTimeline, type Breakdown } from './instrument.js';
import { patchChainClient, type ClientPatch } from './patchChainClient.js';
import { procCpuMs } from './procCpu.js';

/** Outcome of {@link runOurs}: `stalled` names the error the indexer kept retrying when it made no progress. */
export interface OursResult {
  patch: ClientPatch;
  /** Opening and migrating the fresh database. */
  startupMs: number;
  /** From `start()` until the checkpoint is the head (or the stall was detected). */
  backfillMs: number;
  indexedBlock: number | null;
  stalled: string | null;
  tables: Record<ComparedKind, TableDigest>;
  breakdown: Breakdown;
  /** CPU used during the backfill by this process (the indexer) and by anvil. */
  cpuMs: { indexer: number; anvil: number | null };
}

/** Options of {@link runOurs}. */
export interface RunOursOptions {
  patch: ClientPatch;
  /** Give up when the checkpoint has not moved for this long while the indexer reports errors. */
  stallMs: number;
  timeoutMs: number;
  /** anvil's pid, to account its CPU time. */
  anvilPid: number;
}

async function isIndexed(db: Database, chainId: number, head: { number: number; hash: string }): Promise<boolean> {
  const rows: { indexed_block: string | null }[] = await db.dataSource.query('SELECT indexed_block FROM chains WHERE chain_id = $1', [chainId]);
  if (Number(rows[0]?.indexed_block) !== head.number) return false;
  const block: { hash: string }[] = await db.dataSource.query('SELECT hash FROM blocks WHERE chain_id = $1 AND number = $2', [chainId, head.number]);
  return block[0]?.hash === head.hash;
}

/** Polls every 20 ms until the checkpoint is `head` (as `waitIndexed` of the tests checks it), a stall, or the timeout. */
async function waitForHead(db: Database, job: ChainIndexerJob, chainId: number, head: { number: number; hash: string }, options: RunOursOptions) {
  const deadline = Date.now() + options.timeoutMs;
  let lastIndexed: number | null = null;
  let movedAt = Date.now();
  for (;;) {
    if (await isIndexed(db, chainId, head)) return { stalled: null, indexedBlock: head.number };
    const snapshot = job.snapshot();
    if (snapshot.indexedBlock !== lastIndexed) [lastIndexed, movedAt] = [snapshot.indexedBlock, Date.now()];
    const failing = snapshot.status === 'degraded' || snapshot.status === 'stopped';
    if (failing && Date.now() - movedAt > options.stallMs) return { stalled: snapshot.detail ?? snapshot.status, indexedBlock: lastIndexed };
    if (Date.now() > deadline) return { stalled: `timed out after ${options.timeoutMs} ms`, indexedBlock: lastIndexed };
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/**
 * Backfills `chain` from block 0 into a fresh Postgres database with our chain indexer (as a worker runs it:
 * production RPC client, `patch`ed as asked, no leader lock), timed from `start()` until the checkpoint is `head`.
 * Opening and migrating the database is timed apart (`startupMs`). The database is dropped at the end.
 */
export async function runOurs(chain: ChainConfig, head: { number: number; hash: string }, options: RunOursOptions): Promise<OursResult> {
  const pg = await createTestPostgres();
  const opened = performance.now();
  const db = await createDatabase({ url: pg.url, logger: buildLogger('silent') });
  const startupMs = performance.now() - opened;
  const timeline = createTimeline();
  const job = createChainIndexerJob({
    common: testCommon(),
    chain,
    client: timeline.client(patchChainClient(createChainClient(chain), chain, options.patch)),
    db: timeline.database(db),
    pubsub: createMemoryPubSub(),
  });
  try {
    const [cpu0, anvil0] = [process.cpuUsage(), procCpuMs(options.anvilPid)];
    const t0 = performance.now();
    await job.start();
    const { stalled, indexedBlock } = await waitForHead(db, job, chain.chainId, head, options);
    const t1 = performance.now();
    const [cpu1, anvil1] = [process.cpuUsage(cpu0), procCpuMs(options.anvilPid)];
    const cpuMs = { indexer: (cpu1.user + cpu1.system) / 1000, anvil: anvil0 !== null && anvil1 !== null ? anvil1 - anvil0 : null };
    await job.stop();
    const tables = await digestTables(pg.url, 'public');
    return { patch: options.patch, startupMs, backfillMs: t1 - t0, indexedBlock, stalled, tables, breakdown: timeline.breakdown(t0, t1), cpuMs };
  } finally {
    await job.stop(); // idempotent
    await db.close();
    await pg.drop();
  }
}
