import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { registerChild } from '../../src/devnet/anvil/childRegistry.js';
import { createTestPostgres } from '../../test/helpers/database.js';
import { unusedPort } from '../../test/helpers/rpc.js';
import { digestTables, type ComparedKind, type TableDigest } from './digestTables.js';
import { procCpuMs } from './procCpu.js';

/** The Ponder app (its own package.json and lockfile). */
export const PONDER_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', 'ponder');
const PONDER_BIN = join(PONDER_DIR, 'node_modules', 'ponder', 'dist', 'esm', 'bin', 'ponder.js');
/** Postgres schema of Ponder's tables in its (fresh) database; its RPC cache lives in `ponder_sync`. */
const PONDER_SCHEMA = 'bench';

/** What the Ponder app indexes. */
export interface PonderTarget {
  chainId: number;
  rpcUrl: string;
  tokens: string[];
  v2Factory: string;
  /** anvil's pid, to account its CPU time. */
  anvilPid: number;
}

/** Outcome of {@link runPonder}; `failure` says why there is no number. */
export interface PonderResult {
  version: string;
  /** From spawning `ponder start` until it logged "Started backfill indexing" (build, database and tables). */
  startupMs: number | null;
  /** From then until `/ready` answers 200 (historical indexing complete). */
  backfillMs: number | null;
  tables: Record<ComparedKind, TableDigest> | null;
  failure: string | null;
  installMs: number | null;
  /** CPU used from spawn to ready by Ponder's process and by anvil. */
  cpuMs: { indexer: number | null; anvil: number | null } | null;
}

/** Installs the Ponder app's locked dependencies when missing (`npm ci --prefix bench/ponder`). Returns ms spent, or null. */
export function ensurePonderInstalled(log: (message: string) => void): number | null {
  if (existsSync(PONDER_BIN)) return null;
  log('installing bench/ponder (npm ci) ...');
  const t0 = performance.now();
  const result = spawnSync('npm', ['ci', '--prefix', PONDER_DIR, '--no-audit', '--no-fund'], { stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`npm ci --prefix bench/ponder failed (${result.status}): ${result.stderr.slice(-2000)}`);
  return performance.now() - t0;
}

/** The installed Ponder version, or the one bench/ponder/package.json pins. */
function ponderVersion(): string {
  const installed = join(PONDER_DIR, 'node_modules', 'ponder', 'package.json');
  const path = existsSync(installed) ? installed : join(PONDER_DIR, 'package.json');
  const json = JSON.parse(readFileSync(path, 'utf8')) as { version: string; dependencies?: Record<string, string> };
  return path === installed ? json.version : (json.dependencies?.ponder ?? 'unknown');
}

/** Files `ponder start` writes into its root; removed after the run so the work tree stays clean. */
function removeGeneratedFiles(): void {
  for (const path of ['ponder-env.d.ts', 'generated', '.ponder']) rmSync(join(PONDER_DIR, path), { recursive: true, force: true });
}

async function isReady(port: number): Promise<boolean> {
  try {
    const response = await fetch(`http://127.0.0.1:${port}/ready`);
    return response.status === 200;
  } catch {
    return false;
  }
}

/**
 * Runs `ponder start` on the bench app against a fresh Postgres database (so its RPC cache is empty) and times it
 * from spawn until `/ready` answers 200, which Ponder does once historical indexing is complete. Never throws for a
 * Ponder failure: the result's `failure` carries the reason and the log tail.
 */
export async function runPonder(target: PonderTarget, options: { timeoutMs: number; log: (message: string) => void }): Promise<PonderResult> {
  let installMs: number | null = null;
  try {
    installMs = ensurePonderInstalled(options.log);
  } catch (error) {
    return { version: ponderVersion(), startupMs: null, backfillMs: null, tables: null, failure: (error as Error).message, installMs, cpuMs: null };
  }
  const db = await createTestPostgres();
  const port = await unusedPort();
  const tail: string[] = [];
  const t0 = performance.now();
  const marks: { startupMs: number | null } = { startupMs: null };
  const anvil0 = procCpuMs(target.anvilPid);
  const child = spawn(process.execPath, [PONDER_BIN, 'start', '--schema', PONDER_SCHEMA, '--port', String(port), '--hostname', '127.0.0.1', '--log-format', 'json'], {
    cwd: PONDER_DIR,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      NODE_ENV: 'production',
      DATABASE_URL: db.url,
      PONDER_TELEMETRY_DISABLED: 'true',
      BENCH_CHAIN_ID: String(target.chainId),
      BENCH_RPC_URL: target.rpcUrl,
      BENCH_TOKENS: target.tokens.join(','),
      BENCH_V2_FACTORY: target.v2Factory,
    },
  });
  registerChild(child);
  const exited = new Promise<string>((resolve) => child.once('exit', (code, signal) => resolve(`ponder exited (code ${code}, signal ${signal})`)));
  const onLine = (line: string) => {
    tail.push(line.slice(0, 600));
    if (tail.length > 30) tail.shift();
    if (marks.startupMs === null && line.includes('Started backfill indexing')) marks.startupMs = performance.now() - t0;
  };
  for (const stream of [child.stdout, child.stderr]) {
    let partial = '';
    stream.on('data', (chunk: Buffer) => {
      const lines = (partial + chunk.toString('utf8')).split('\n');
      partial = lines.pop() ?? '';
      for (const line of lines) if (line.trim() !== '') onLine(line);
    });
  }
  let failure: string | null = null;
  let wallMs: number | null = null;
  try {
    const deadline = Date.now() + options.timeoutMs;
    const exit: { reason: string | null } = { reason: null };
    void exited.then((reason) => (exit.reason = reason));
    while (wallMs === null && failure === null) {
      if (await isReady(port)) wallMs = performance.now() - t0;
      else if (exit.reason !== null) failure = exit.reason;
      else if (Date.now() > deadline) failure = `not ready after ${options.timeoutMs} ms`;
      else await new Promise((resolve) => setTimeout(resolve, 20));
    }
    const [ponderCpu, anvil1] = [child.pid === undefined ? null : procCpuMs(child.pid), procCpuMs(target.anvilPid)];
    const cpuMs = { indexer: ponderCpu, anvil: anvil0 !== null && anvil1 !== null ? anvil1 - anvil0 : null };
    const tables = failure === null ? await digestTables(db.url, PONDER_SCHEMA) : null;
    if (failure !== null) failure = `${failure}\n${tail.join('\n')}`;
    const { startupMs } = marks;
    const backfillMs = wallMs !== null && startupMs !== null ? wallMs - startupMs : null;
    return { version: ponderVersion(), startupMs, backfillMs, tables, failure, installMs, cpuMs };
  } finally {
    if (child.exitCode === null && child.signalCode === null) {
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      child.kill('SIGTERM');
      await exited;
      clearTimeout(timer);
    }
    removeGeneratedFiles();
    await db.drop();
  }
}
