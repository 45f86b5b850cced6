/**
 * API latency and throughput under concurrent load: representative GraphQL queries and DefiLlama REST endpoints,
 * served by the real API process (`src/main.ts --role api`) next to a naive baseline measured in the same run
 * (bench/api/naiveServer.ts: the same app with one SQL statement per DataLoader key, no batching, no caching).
 *
 * The data: the devnet with `--history` of simulated history on both chains, indexed by a real worker process
 * into Postgres, with the market job's prices, TVL, volumes and snapshots (bench/api/fixture.ts). `--reuse` keeps
 * and reuses that database between runs (`ocs_bench_api_s<seed>_h<sec>`), otherwise it is dropped at the end.
 *
 *   npm run bench:api -- [--rate 500] [--seconds 10] [--warmup 3] [--concurrency 32] [--history 6h] [--seed 7]
 *                        [--only protocolList,poolList] [--reuse] [--skip-naive]
 *
 * Each scenario, for each server in turn: a warm-up, then an open-loop run at `--rate` requests/s (latency from
 * the moment each request was due, so queueing counts), then a closed-loop run with `--concurrency` requests in
 * flight (throughput ceiling). Prints a markdown table; progress goes to stderr.
 */
import 'reflect-metadata';
import { cpus, loadavg, totalmem } from 'node:os';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { createApiKeyService } from '../src/auth/apiKeyService.js';
import { buildLogger } from '../src/common/logger.js';
import { createDatabase } from '../src/datasources/db/createDatabase.js';
import { createApiKeyRepository } from '../src/datasources/db/repositories/apiKeyRepository.js';
import { testRedisUrl } from '../test/helpers/database.js';
import { spawnApp, type SpawnedApp } from '../test/helpers/spawnApp.js';
import { dropApiFixture, prepareApiFixture } from './api/fixture.js';
import { runClosedLoop, runOpenLoop, type LoadResult, type RequestSpec } from './api/loadGenerator.js';
import { fmt, summarize } from './stats.js';

const { values } = parseArgs({
  options: {
    rate: { type: 'string', default: '500' },
    seconds: { type: 'string', default: '10' },
    warmup: { type: 'string', default: '3' },
    concurrency: { type: 'string', default: '32' },
    history: { type: 'string', default: '6h' },
    seed: { type: 'string', default: '7' },
    only: { type: 'string' },
    reuse: { type: 'boolean', default: false },
    'skip-naive': { type: 'boolean', default: false },
  },
});

function parseHistory(text: string): number {
  const match = /^(\d+)(h|m)$/.exec(text);
  if (!match) throw new Error(`--history: expected e.g. 6h or 90m, got ${text}`);
  return Number(match[1]) * (match[2] === 'h' ? 3600 : 60);
}

const rate = Number(values.rate);
const measureMs = Number(values.seconds) * 1000;
const warmupMs = Number(values.warmup) * 1000;
const concurrency = Number(values.concurrency);
const started = performance.now();
const log = (message: string) => process.stderr.write(`[bench:api ${((performance.now() - started) / 1000).toFixed(1)}s] ${message}\n`);

interface Scenario {
  name: string;
  describe: string;
  spec: RequestSpec;
}

const graphql = (query: string, variables: Record<string, unknown> = {}): RequestSpec => ({
  method: 'POST',
  path: '/graphql',
  body: JSON.stringify({ query, variables }),
});

const withKey = (scenario: Scenario, apiKey: string): Scenario => ({ ...scenario, spec: { ...scenario.spec, headers: { ...scenario.spec.headers, 'x-api-key': apiKey } } });

async function buildScenarios(databaseUrl: string, apiKey: string): Promise<Scenario[]> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  const weth = await client.query<{ chain_id: number; address: string }>("SELECT chain_id, address FROM token_prices WHERE symbol = 'WETH' AND price_usd IS NOT NULL ORDER BY chain_id LIMIT 1");
  const priced = await client.query<{ address: string }>('SELECT address FROM token_prices WHERE chain_id = $1 AND price_usd IS NOT NULL ORDER BY address LIMIT 5', [weth.rows[0]?.chain_id ?? 1]);
  const newest = await client.query<{ ts: string }>('SELECT MAX(timestamp_sec) AS ts FROM blocks');
  await client.end();
  const token = weth.rows[0];
  if (!token) throw new Error('fixture has no priced WETH: did the market job run?');
  const chainId = token.chain_id;
  const from = new Date((Number(newest.rows[0]?.ts) - 6 * 3600) * 1000).toISOString();
  const coins = priced.rows.map((r) => `ethereum:${r.address}`).join(',');
  const scenarios: Scenario[] = [
    {
      name: 'protocolList',
      describe: 'GraphQL protocols(first: 100) with TVL, volume, fees, change1d',
      spec: graphql('query ProtocolList { protocols(first: 100) { totalCount nodes { slug name category chains tvlUsd borrowedUsd volumeUsd24h feesUsd24h change1d } } }'),
    },
    {
      name: 'poolList',
      describe: 'GraphQL pools(first: 100) with nested token0/token1 prices and protocol',
      spec: graphql(
        `query PoolList($chainId: Int!) { pools(chainId: $chainId, first: 100) { totalCount nodes { address protocol { slug } reserve0 reserve1 tvlUsd volumeUsd24h feesUsd24h
           token0 { address symbol decimals priceUsd confidence } token1 { address symbol decimals priceUsd confidence } } } }`,
        { chainId },
      ),
    },
    {
      name: 'tokenPriceHistory',
      describe: 'GraphQL token(WETH) priceHistory(HOUR, last 6 h)',
      spec: graphql('query PriceHistory($chainId: Int!, $address: Address!, $from: DateTime!) { token(chainId: $chainId, address: $address) { symbol priceUsd priceHistory(interval: HOUR, from: $from) { timestamp priceUsd } } }', {
        chainId, address: token.address, from,
      }),
    },
    { name: 'restProtocols', describe: 'REST GET /protocols', spec: { method: 'GET', path: '/protocols' } },
    { name: 'restProtocol', describe: 'REST GET /protocol/uniswap-v2 (with hourly history)', spec: { method: 'GET', path: '/protocol/uniswap-v2' } },
    { name: 'restPrices', describe: 'REST GET /prices/current/<5 coins>', spec: { method: 'GET', path: `/prices/current/${coins}` } },
    { name: 'restChains', describe: 'REST GET /v2/chains', spec: { method: 'GET', path: '/v2/chains' } },
  ];
  return scenarios.map((scenario) => withKey(scenario, apiKey));
}

interface Row {
  scenario: string;
  server: string;
  open: LoadResult;
  closed: LoadResult;
}

function failuresText(result: LoadResult): string {
  const entries = Object.entries(result.failures);
  return entries.length === 0 ? '0' : entries.map(([reason, n]) => `${n} ${reason}`).join('; ');
}

// Exiting runs the devnet's exit hook (it SIGKILLs anvil, src/devnet/anvil/childRegistry.ts); spawned servers are
// killed in the handler. Without it a ^C would orphan them.
const children: SpawnedApp[] = [];
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    log(`${signal}: stopping`);
    for (const child of children) child.proc.kill('SIGKILL');
    process.exit(130);
  });
}

const historySec = parseHistory(values.history);
const fixture = await prepareApiFixture({ seed: Number(values.seed), historySec, reuse: values.reuse, redisUrl: testRedisUrl, log });
log(`fixture: ${fixture.chains.map((c) => `chain ${c.chainId} to block ${c.indexedBlock}`).join(', ')}; ${(fixture.historySec / 3600).toFixed(1)} h of block history`);

const servers: { name: string; app: SpawnedApp }[] = [];
// Both servers run the production request path (auth, limits, metering) for an enterprise key whose rate limit is
// lifted (TIER_LIMITS) so the benchmark measures serving, not the 429s of the tier's budget.
const env = {
  DATABASE_URL: fixture.databaseUrl, REDIS_URL: testRedisUrl, PORT: '0', LOG_LEVEL: 'warn', NODE_ENV: 'production',
  TIER_LIMITS: JSON.stringify({ enterprise: { requestsPerMinute: 10_000_000 } }),
};

/** An enterprise key in the fixture database (the servers have migrated it by now). */
async function issueBenchKey(databaseUrl: string): Promise<string> {
  const db = await createDatabase({ url: databaseUrl, logger: buildLogger('warn') });
  try {
    return (await createApiKeyService(createApiKeyRepository(db)).createAccountWithKey('bench-api', 'enterprise')).issued.key;
  } finally {
    await db.close();
  }
}
try {
  servers.push({ name: 'ours', app: await spawnApp(['--role', 'api'], env) });
  if (!values['skip-naive']) servers.push({ name: 'naive', app: await spawnApp([], env, 60_000, 'bench/api/naiveServer.ts') });
  children.push(...servers.map((s) => s.app));
  const apiKey = await issueBenchKey(fixture.databaseUrl);
  const scenarios = (await buildScenarios(fixture.databaseUrl, apiKey)).filter((s) => !values.only || values.only.split(',').includes(s.name));
  const rows: Row[] = [];
  for (const scenario of scenarios) {
    for (const { name, app } of servers) {
      log(`${scenario.name} on ${name}: warm-up ${warmupMs / 1000} s, open loop ${rate}/s for ${measureMs / 1000} s, closed loop c=${concurrency}`);
      await runOpenLoop({ baseUrl: app.baseUrl, spec: scenario.spec, rate, durationMs: warmupMs });
      const open = await runOpenLoop({ baseUrl: app.baseUrl, spec: scenario.spec, rate, durationMs: measureMs });
      const closed = await runClosedLoop({ baseUrl: app.baseUrl, spec: scenario.spec, concurrency, durationMs: measureMs });
      rows.push({ scenario: scenario.name, server: name, open, closed });
    }
  }

  const out: string[] = [];
  out.push(`machine: ${cpus().length} x ${cpus()[0]?.model.trim() ?? '?'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB; node ${process.version}; load average ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
  out.push(`data: ${fixture.chains.length} devnet chains, ${(fixture.historySec / 3600).toFixed(1)} h of indexed history (seed ${values.seed}); open loop ${rate} req/s for ${measureMs / 1000} s after ${warmupMs / 1000} s warm-up; closed loop ${concurrency} in flight for ${measureMs / 1000} s`);
  out.push('');
  for (const s of scenarios) out.push(`- ${s.name}: ${s.describe}`);
  out.push('');
  out.push(`| scenario | server | p50 ms @${rate}/s | p90 ms | p99 ms | max ms | ok / sent | failures | throughput req/s (c=${concurrency}) | p50 ms (c=${concurrency}) |`);
  out.push('| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |');
  for (const row of rows) {
    const o = summarize(row.open.latenciesMs);
    const c = summarize(row.closed.latenciesMs);
    const throughput = row.closed.ok / (row.closed.durationMs / 1000);
    out.push(`| ${row.scenario} | ${row.server} | ${fmt(o.median)} | ${fmt(o.p90)} | ${fmt(o.p99)} | ${fmt(o.max)} | ${row.open.ok} / ${row.open.sent} | ${failuresText(row.open)} | ${throughput.toFixed(0)} | ${fmt(c.median)} |`);
  }
  const ratios: string[] = [];
  for (const scenario of scenarios) {
    const ours = rows.find((r) => r.scenario === scenario.name && r.server === 'ours');
    const naive = rows.find((r) => r.scenario === scenario.name && r.server === 'naive');
    if (!ours || !naive) continue;
    const t = (r: Row) => r.closed.ok / (r.closed.durationMs / 1000);
    ratios.push(`${scenario.name}: p99 naive/ours ${(summarize(naive.open.latenciesMs).p99 / summarize(ours.open.latenciesMs).p99).toFixed(2)}x, throughput ours/naive ${(t(ours) / t(naive)).toFixed(2)}x`);
  }
  if (ratios.length > 0) out.push('', ...ratios.map((r) => `- ${r}`));
  process.stdout.write(`${out.join('\n')}\n`);
} finally {
  for (const { app } of servers) await app.stop();
  if (!values.reuse) await dropApiFixture(fixture);
}
