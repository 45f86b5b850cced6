/**
 * Backfill throughput: our chain indexer against Ponder, same contracts, same anvil node, same run.
 *
 * Generates a devnet chain (WETH, ERC-20s, Uniswap V2 and the rest of the devnet deployment, then blocks of
 * mints, transfers, swaps and liquidity changes from several traders), then backfills it from block 0 into fresh
 * Postgres databases with our indexer (src/jobs/indexer, once per RPC-client variant, see ingest/patchChainClient.ts)
 * and with the Ponder app in bench/ponder (installed with `npm ci` when missing). Prints a markdown table; stops
 * anvil and Ponder and drops every database it created. Progress goes to stderr.
 *
 *   npm run bench:ingest -- [--events 120000] [--tx-per-block 250] [--rounds 1] [--skip-ponder] [--profile-commit]
 *                           [--patches none,shrink-on-oversize,large-bodies]
 *
 * --profile-commit also times inserting the chain's events with src's repository against a prototype unnest insert,
 * with and without the schema's regex CHECK constraints and secondary indexes (ingest/profileCommit.ts).
 */
import 'reflect-metadata';
import { execFileSync } from 'node:child_process';
import { cpus, loadavg, totalmem } from 'node:os';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { NO_SOURCES, type ChainConfig } from '../src/config/chainsFile.js';
import { resolveAnvilBinary } from '../src/devnet/anvil/resolveAnvilBinary.js';
import { adminUrl } from '../test/helpers/database.js';
import { formatBreakdown, formatReport, type IngestReport } from './ingest/formatReport.js';
import { generateHistory } from './ingest/generateHistory.js';
import { profileCommit } from './ingest/profileCommit.js';
import { CLIENT_PATCHES, type ClientPatch } from './ingest/patchChainClient.js';
import { runOurs, type OursResult } from './ingest/runOurs.js';
import { runPonder, type PonderResult } from './ingest/runPonder.js';

const { values } = parseArgs({
  options: {
    events: { type: 'string', default: '120000' },
    'tx-per-block': { type: 'string', default: '250' },
    traders: { type: 'string', default: '16' },
    rounds: { type: 'string', default: '1' },
    patches: { type: 'string', default: CLIENT_PATCHES.join(',') },
    'skip-ponder': { type: 'boolean', default: false },
    seed: { type: 'string', default: '1' },
    'stall-ms': { type: 'string', default: '15000' },
    'profile-commit': { type: 'boolean', default: false },
  },
});
const CHAIN_ID = 31_990;
/** Ponder treats the last 30 blocks of an unknown chain as unfinalized; ours gets the same depth. */
const FINALITY_DEPTH = 30;
const patches = values.patches.split(',').map((p) => {
  if (!CLIENT_PATCHES.includes(p as ClientPatch)) throw new Error(`--patches: ${p} is not one of ${CLIENT_PATCHES.join(', ')}`);
  return p as ClientPatch;
});
const started = performance.now();
const log = (message: string) => process.stderr.write(`[bench:ingest ${((performance.now() - started) / 1000).toFixed(1)}s] ${message}\n`);

/** Drops the databases this process created (`createTestPostgres` names them after the pid), after a crash or ^C. */
async function dropLeftoverDatabases(): Promise<void> {
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    const { rows } = await admin.query<{ datname: string }>('SELECT datname FROM pg_database WHERE datname LIKE $1', [`ocs_test_${process.pid}_%`]);
    for (const { datname } of rows) await admin.query(`DROP DATABASE IF EXISTS ${datname} WITH (FORCE)`);
  } finally {
    await admin.end();
  }
}

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    log(`${signal}: cleaning up`);
    // Exiting SIGKILLs anvil and Ponder (src/devnet/anvil/childRegistry.ts).
    void dropLeftoverDatabases().finally(() => process.exit(130));
  });
}

async function postgresVersion(): Promise<string> {
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  const { rows } = await admin.query<{ server_version: string }>('SHOW server_version');
  await admin.end();
  return rows[0]?.server_version.split(' ')[0] ?? '?';
}

const loadBefore = loadavg()[0]!.toFixed(2);
log(`generating a chain with ~${values.events} decoded events, ${values['tx-per-block']} txs per block ...`);
const history = await generateHistory({
  chainId: CHAIN_ID,
  targetEvents: Number(values.events),
  txPerBlock: Number(values['tx-per-block']),
  traders: Number(values.traders),
  tailBlocks: 2 * FINALITY_DEPTH,
  seed: Number(values.seed),
  onProgress: log,
});
try {
  log(`chain ready: head ${history.head.number}, ${history.historyTxs} history txs (${history.failedTxs} reverted) in ${(history.generationMs / 1000).toFixed(1)} s`);
  const sources = { ...NO_SOURCES, tokens: history.deployment.tokens.map((t) => t.address.toLowerCase()), uniswapV2Factories: [history.deployment.uniswapV2.factory.toLowerCase()] };
  const chain: ChainConfig = { chainId: CHAIN_ID, name: 'bench-ingest', rpcUrls: [history.anvil.rpcUrl], wsUrls: [history.anvil.wsUrl], finalityDepth: FINALITY_DEPTH, startBlock: 0, pollIntervalMs: 200, maxLogRange: 10_000, sources };
  const ours: OursResult[][] = [];
  const ponder: PonderResult[] = [];
  for (let round = 1; round <= Number(values.rounds); round++) {
    const results: OursResult[] = [];
    // A stall is deterministic (an answer over viem's body limit): shown once, not waited for every round.
    for (const patch of patches.filter((p) => round === 1 || p !== 'none')) {
      log(`round ${round}: our indexer (client patch: ${patch}) ...`);
      const result = await runOurs(chain, history.head, { patch, stallMs: Number(values['stall-ms']), timeoutMs: 600_000, anvilPid: history.anvil.pid });
      log(result.stalled ? `  stalled at block ${result.indexedBlock}: ${result.stalled}` : `  indexed in ${(result.backfillMs / 1000).toFixed(2)} s`);
      results.push(result);
    }
    ours.push(results);
    if (!values['skip-ponder']) {
      log(`round ${round}: Ponder ...`);
      const result = await runPonder({ chainId: CHAIN_ID, rpcUrl: history.anvil.rpcUrl, tokens: sources.tokens, v2Factory: sources.uniswapV2Factories[0]!, anvilPid: history.anvil.pid }, { timeoutMs: 600_000, log });
      log(result.failure ? `  Ponder failed: ${result.failure}` : `  ready in ${((result.startupMs! + result.backfillMs!) / 1000).toFixed(2)} s (startup ${(result.startupMs! / 1000).toFixed(2)} s)`);
      ponder.push(result);
    }
  }
  const anvilVersion = execFileSync(resolveAnvilBinary(), ['--version'], { encoding: 'utf8' }).split('\n')[0]?.replace('anvil Version: ', '') ?? '?';
  const report: IngestReport = {
    date: new Date().toISOString().slice(0, 10),
    command: `npm run bench:ingest${process.argv.length > 2 ? ` -- ${process.argv.slice(2).join(' ')}` : ''}`,
    machine: `${cpus().length} x ${cpus()[0]?.model.trim() ?? 'cpu'}, ${Math.round(totalmem() / 2 ** 30)} GiB`,
    versions: `node ${process.version}, Postgres ${await postgresVersion()}, anvil ${anvilVersion}`,
    loadAverage: `${loadBefore} -> ${loadavg()[0]!.toFixed(2)}`,
    chain: { blocks: history.head.number + 1, historyBlocks: history.historyBlocks, historyTxs: history.historyTxs, failedTxs: history.failedTxs, generationMs: history.generationMs },
    ours,
    ponder,
  };
  process.stdout.write(`${formatReport(report)}\n\nWhere our backfill spent its time:\n\n${formatBreakdown(ours.flat().filter((r) => r.stalled === null))}\n`);
  if (values['profile-commit']) {
    log('profiling the commit ...');
    process.stdout.write(`\nCommit profile: ${await profileCommit(chain, history.head.number, 2)}\n`);
  }
  log(`done in ${((performance.now() - started) / 1000).toFixed(1)} s`);
} finally {
  await history.anvil.stop();
}
