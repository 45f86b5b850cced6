import { graphql, parse, subscribe, type ExecutionResult, type GraphQLSchema } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMarketFixture, type MarketFixture } from '../../test/helpers/marketFixture.js';
import { testCommon } from '../../test/helpers/indexing.js';
import { uniswapV2PairAbi } from '../devnet/abis.js';
import { createBlockRepository } from '../datasources/db/repositories/blockRepository.js';
import { createChainRepository } from '../datasources/db/repositories/chainRepository.js';
import { createMarketRepository } from '../datasources/db/repositories/marketRepository.js';
import { createSwapRepository } from '../datasources/db/repositories/swapRepository.js';
import { createApiKeyRepository } from '../datasources/db/repositories/apiKeyRepository.js';
import { defaultTiers } from '../auth/tiers.js';
import { createLoaders } from '../datasources/loaders/createLoaders.js';
import { createMarketJob } from '../jobs/market/createMarketJob.js';
import { buildAppSchema } from './buildSchema.js';
import type { GraphQLContext, Repositories } from './context.js';

const CHAIN_ID = 31_602;

type Data = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

describe('market GraphQL (tokens, pools, protocols) against a real indexed database', () => {
  let m: MarketFixture;
  let schema: GraphQLSchema;
  let repos: Repositories;
  let statements: string[];
  const symbolOf = (symbol: string) => m.fixture.deployment.tokens.find((t) => t.symbol === symbol)!.address;

  const context = (): GraphQLContext => ({
    repos, loaders: createLoaders(repos), pubsub: m.pubsub, logger: testCommon().logger,
    principal: { accountId: null, keyId: null, keyPrefix: null, tier: 'anonymous', clientAddress: '127.0.0.1', limits: defaultTiers.anonymous },
  });
  async function run(source: string, variableValues: Record<string, unknown> = {}): Promise<ExecutionResult<Data>> {
    const ctx = context();
    return (await graphql({ schema, source, variableValues, contextValue: ctx })) as ExecutionResult<Data>;
  }
  async function data(source: string, variableValues: Record<string, unknown> = {}): Promise<Data> {
    const result = await run(source, variableValues);
    expect(result.errors).toBeUndefined();
    return result.data!;
  }
  async function errorCode(source: string, variableValues: Record<string, unknown> = {}): Promise<unknown> {
    const result = await run(source, variableValues);
    return result.errors?.[0]?.extensions.code;
  }

  beforeAll(async () => {
    m = await createMarketFixture(CHAIN_ID);
    schema = await buildAppSchema();
    repos = { chains: createChainRepository(m.db), blocks: createBlockRepository(m.db), market: createMarketRepository(m.db), swaps: createSwapRepository(m.db), apiKeys: createApiKeyRepository(m.db) };
    statements = [];
    const original = m.db.dataSource.query.bind(m.db.dataSource);
    m.db.dataSource.query = ((sql: string, parameters?: unknown[]) => {
      statements.push(sql);
      return original(sql, parameters);
    }) as typeof m.db.dataSource.query;
  });
  afterAll(async () => {
    await m?.stop();
  });

  it('serves pool { protocol token0 token1 reserves tvl volume fees } matching getReserves() at the indexed head', async () => {
    const pair = m.fixture.deployment.uniswapV2.pairs.find((p) => p.symbol0 === 'WETH' || p.symbol1 === 'WETH')!;
    const { pool } = await data(`query($chainId: Int!, $address: Address!) { pool(chainId: $chainId, address: $address) {
      chainId address protocol { slug name category } reserve0 reserve1 tvlUsd volumeUsd24h feesUsd24h
      token0 { address symbol decimals priceUsd confidence } token1 { address symbol decimals priceUsd } } }`, { chainId: CHAIN_ID, address: pair.address.toLowerCase() });
    const [reserve0, reserve1] = await m.fixture.clients.publicClient.readContract({ address: pair.address, abi: uniswapV2PairAbi, functionName: 'getReserves', blockNumber: BigInt(m.head.number) });
    expect(pool).toMatchObject({ chainId: CHAIN_ID, address: pair.address, protocol: { slug: 'uniswap-v2', name: 'Uniswap V2', category: 'Dexes' }, reserve0: reserve0.toString(), reserve1: reserve1.toString() });
    expect(pool.token0).toMatchObject({ address: pair.token0, symbol: pair.symbol0 });
    expect(pool.token1).toMatchObject({ address: pair.token1, symbol: pair.symbol1 });
    const value = (raw: bigint, token: { decimals: number; priceUsd: number }) => (Number(raw) / 10 ** token.decimals) * token.priceUsd;
    expect(pool.tvlUsd).toBeCloseTo(value(reserve0, pool.token0) + value(reserve1, pool.token1), 3);
    expect(pool.feesUsd24h).toBeCloseTo(pool.volumeUsd24h * 0.003, 6);
  });

  it('pages pools by tvlUsd desc with totalCount and cursors, and filters with where', async () => {
    const query = `query($after: String) { pools(chainId: ${CHAIN_ID}, first: 3, after: $after) { totalCount pageInfo { endCursor hasNextPage } nodes { address tvlUsd } } }`;
    const first = (await data(query)).pools;
    expect(first.totalCount).toBe(8);
    expect(first.pageInfo.hasNextPage).toBe(true);
    const second = (await data(query, { after: first.pageInfo.endCursor })).pools;
    const tvls = [...first.nodes, ...second.nodes].map((n: { tvlUsd: number }) => n.tvlUsd);
    expect(tvls).toEqual([...tvls].sort((a, b) => b - a));
    expect(new Set([...first.nodes, ...second.nodes].map((n: { address: string }) => n.address)).size).toBe(6);
    const meme = await data(`query($t: [Address!]) { pools(chainId: ${CHAIN_ID}, where: { token_in: $t, protocol: "uniswap-v2" }) { totalCount nodes { tvlUsd } } }`, { t: [symbolOf('MEME')] });
    expect(meme.pools.totalCount).toBe(1);
    const deep = await data(`{ pools(chainId: ${CHAIN_ID}, where: { tvlUsd_gt: 1000000 }, orderBy: volumeUsd24h, orderDirection: asc) { totalCount } }`);
    expect(deep.pools.totalCount).toBe(7);
  });

  it('lists tokens with where, orderBy and orderDirection, and serves one token', async () => {
    const { tokens } = await data(`{ tokens(chainId: ${CHAIN_ID}, where: { priceUsd_gt: 1000 }, orderBy: priceUsd, orderDirection: desc) { totalCount nodes { symbol priceUsd confidence } } }`);
    expect(tokens.nodes.map((t: { symbol: string }) => t.symbol)).toEqual(['WBTC', 'WETH']);
    const stables = await data(`{ tokens(chainId: ${CHAIN_ID}, where: { symbol_contains_nocase: "us" }, orderBy: symbol, orderDirection: asc) { nodes { symbol priceUsd } } }`);
    expect(stables.tokens.nodes.map((t: { symbol: string }) => t.symbol)).toEqual(['USDC', 'USDT']);
    const { token } = await data(`query($a: Address!) { token(chainId: ${CHAIN_ID}, address: $a) { symbol decimals priceUsd confidence priceSource } }`, { a: symbolOf('USDC') });
    expect(token).toMatchObject({ symbol: 'USDC', decimals: 6, priceUsd: 1, priceSource: 'peg' });
  });

  it('serves protocol(slug) as the sum of its pools, with chains and a TVL history', async () => {
    const { pools } = await data(`{ pools(chainId: ${CHAIN_ID}, first: 1000) { nodes { tvlUsd volumeUsd24h } } }`);
    const from = new Date(Date.now() - 3 * 3600_000).toISOString();
    const { protocol, protocols } = await data(`query($from: DateTime!) { protocol(slug: "uniswap-v2") { slug name category chains tvlUsd borrowedUsd volumeUsd24h change1d
      tvlHistory(interval: HOUR, from: $from) { timestamp tvlUsd } } protocols(first: 10) { totalCount nodes { slug } } }`, { from });
    expect(protocol).toMatchObject({ slug: 'uniswap-v2', name: 'Uniswap V2', category: 'Dexes', chains: [`fixture-${CHAIN_ID}`], borrowedUsd: 0, change1d: null });
    expect(protocol.tvlUsd).toBeCloseTo(pools.nodes.reduce((s: number, p: { tvlUsd: number }) => s + p.tvlUsd, 0), 4);
    expect(protocol.volumeUsd24h).toBeCloseTo(pools.nodes.reduce((s: number, p: { volumeUsd24h: number }) => s + p.volumeUsd24h, 0), 6);
    expect(protocol.tvlHistory.at(-1).tvlUsd).toBe(protocol.tvlUsd);
    expect(protocols).toMatchObject({ totalCount: 1, nodes: [{ slug: 'uniswap-v2' }] });
    const { chain } = await data(`{ chain(chainId: ${CHAIN_ID}) { tvlUsd borrowedUsd volumeUsd24h marketBlockNumber marketUpdatedAt } }`);
    expect(chain).toMatchObject({ tvlUsd: protocol.tvlUsd, borrowedUsd: 0, volumeUsd24h: protocol.volumeUsd24h, marketBlockNumber: m.head.number });
    expect(Date.now() - Date.parse(chain.marketUpdatedAt)).toBeLessThan(120_000);
  });

  it('serves a token price history whose last bucket is the current price', async () => {
    const from = new Date(Date.now() - 3 * 3600_000).toISOString();
    const { token } = await data(`query($a: Address!, $from: DateTime!) { token(chainId: ${CHAIN_ID}, address: $a) { priceUsd priceHistory(interval: HOUR, from: $from) { timestamp priceUsd } } }`, { a: symbolOf('WETH'), from });
    expect(token.priceHistory.length).toBeGreaterThan(0);
    expect(token.priceHistory.at(-1).priceUsd).toBe(token.priceUsd);
    const inverted = `{ token(chainId: ${CHAIN_ID}, address: "${symbolOf('WETH')}") { priceHistory(interval: DAY, from: "2026-01-02T00:00:00Z", to: "2026-01-01T00:00:00Z") { priceUsd } } }`;
    expect(await errorCode(inverted)).toBe('BAD_USER_INPUT');
  });

  it("serves the market job's own rows: today's daily TVL and candles end at the live TVL and price", async () => {
    // Buckets follow chain time: take them from the head block the job computed at.
    const headSec = Number((await m.fixture.clients.publicClient.getBlock({ blockNumber: BigInt(m.head.number) })).timestamp);
    const today = new Date(Math.floor(headSec / 86_400) * 86_400_000).toISOString();
    const hour = new Date(Math.floor(headSec / 3600) * 3_600_000).toISOString();
    const { protocol, token, chainTvlHistory, chain } = await data(`query($a: Address!, $today: DateTime!, $hour: DateTime!) {
      protocol(slug: "uniswap-v2") { tvlUsd tvlHistory(interval: DAY, from: $today) { timestamp tvlUsd } }
      token(chainId: ${CHAIN_ID}, address: $a) { priceUsd hours: candles(interval: HOUR, from: $hour) { timestamp open high low close } days: candles(interval: DAY, from: $today) { close } }
      chainTvlHistory(chainId: ${CHAIN_ID}, interval: DAY, from: $today) { timestamp tvlUsd } chain(chainId: ${CHAIN_ID}) { tvlUsd } }`, { a: symbolOf('WETH'), today, hour });
    expect(protocol.tvlHistory).toEqual([{ timestamp: today, tvlUsd: protocol.tvlUsd }]);
    expect(chainTvlHistory).toEqual([{ timestamp: today, tvlUsd: chain.tvlUsd }]);
    expect(token.hours).toHaveLength(1);
    expect(token.hours[0]).toMatchObject({ timestamp: hour, close: token.priceUsd });
    expect(token.hours[0].low).toBeLessThanOrEqual(token.hours[0].close);
    expect(token.hours[0].high).toBeGreaterThanOrEqual(token.hours[0].close);
    expect(token.days.at(-1).close).toBe(token.priceUsd);
  });

  it('answers NOT_FOUND for unknown slugs and addresses, BAD_USER_INPUT for first > 1000 and inverted ranges', async () => {
    expect(await errorCode('{ protocol(slug: "no-such-protocol") { slug } }')).toBe('NOT_FOUND');
    expect(await errorCode(`{ pool(chainId: ${CHAIN_ID}, address: "0x000000000000000000000000000000000000dead") { address } }`)).toBe('NOT_FOUND');
    expect(await errorCode(`{ token(chainId: ${CHAIN_ID}, address: "0x000000000000000000000000000000000000dead") { address } }`)).toBe('NOT_FOUND');
    expect(await errorCode(`{ pools(chainId: ${CHAIN_ID}, first: 1001) { totalCount } }`)).toBe('BAD_USER_INPUT');
    expect(await errorCode(`{ tokens(chainId: ${CHAIN_ID}, first: 0) { totalCount } }`)).toBe('BAD_USER_INPUT');
    expect(await errorCode(`{ pools(chainId: ${CHAIN_ID}, after: "bogus") { totalCount } }`)).toBe('BAD_USER_INPUT');
    expect(await errorCode('{ protocol(slug: "uniswap-v2") { tvlHistory(from: "2026-01-02T00:00:00Z", to: "2026-01-01T00:00:00Z") { tvlUsd } } }')).toBe('BAD_USER_INPUT');
  });

  it("refuses history before the tier's window (anonymous: 30 days) with FORBIDDEN, for ranges and point-in-time reads", async () => {
    const tooOld = new Date(Date.now() - 31 * 86_400_000).toISOString();
    const result = await run(`query($from: DateTime!) { protocol(slug: "uniswap-v2") { tvlHistory(interval: DAY, from: $from) { tvlUsd } } }`, { from: tooOld });
    expect(result.errors?.[0]?.extensions).toMatchObject({ code: 'FORBIDDEN', limitName: 'historyDays', limit: 30, argument: 'from' });
    expect(await errorCode(`query($a: Address!, $from: DateTime!) { token(chainId: ${CHAIN_ID}, address: $a) { candles(interval: DAY, from: $from) { close } } }`, { a: symbolOf('WETH'), from: tooOld })).toBe('FORBIDDEN');
    expect(await errorCode(`query($from: DateTime!) { chainTvlHistory(interval: DAY, from: $from) { tvlUsd } }`, { from: tooOld })).toBe('FORBIDDEN');
    const inside = new Date(Date.now() - 29 * 86_400_000).toISOString();
    expect((await run(`query($from: DateTime!) { protocol(slug: "uniswap-v2") { tvlHistory(interval: DAY, from: $from) { tvlUsd } } }`, { from: inside })).errors).toBeUndefined();
  });

  it('runs the same number of SQL statements for pools { token0 token1 } whatever the page size (DataLoader)', async () => {
    const count = async (first: number) => {
      statements.length = 0;
      const { pools } = await data(`{ pools(chainId: ${CHAIN_ID}, first: ${first}) { nodes { token0 { symbol } token1 { symbol } } } }`);
      expect(pools.nodes).toHaveLength(first);
      expect(pools.nodes.every((n: { token0: { symbol: string | null } }) => n.token0.symbol !== null)).toBe(true);
      return statements.length;
    };
    const small = await count(1);
    const large = await count(8);
    expect(large).toBe(small);
    expect(large).toBeLessThanOrEqual(3);
  });

  // ---- history, windows, point-in-time and _meta (rows inserted through the real database) ----
  const HOUR = 3600;
  const DAY = 86_400;
  const sql = (text: string, parameters: unknown[] = []) => m.db.dataSource.query(text, parameters) as Promise<Record<string, unknown>[]>;
  const iso = (sec: number) => new Date(sec * 1000).toISOString();
  const hourNow = () => Math.floor(Date.now() / 1000 / HOUR) * HOUR;
  const dayNow = () => Math.floor(Date.now() / 1000 / DAY) * DAY;

  it('serves 7d/30d volumes and fees on pools, protocols and chains, orders by them, and sums them in overview', async () => {
    await sql(`UPDATE pool_stats SET volume_usd_7d = 7000 + tvl_usd / 1e6, volume_usd_30d = 30000 + tvl_usd / 1e6, fees_usd_7d = 21 + tvl_usd / 1e9, fees_usd_30d = 90 WHERE chain_id = $1`, [CHAIN_ID]);
    await sql(`UPDATE protocol_stats s SET volume_usd_7d = p.v7, volume_usd_30d = p.v30, fees_usd_7d = p.f7, fees_usd_30d = p.f30
                 FROM (SELECT protocol, SUM(volume_usd_7d) v7, SUM(volume_usd_30d) v30, SUM(fees_usd_7d) f7, SUM(fees_usd_30d) f30 FROM pool_stats WHERE chain_id = $1 GROUP BY protocol) p
                WHERE s.slug = p.protocol AND s.chain_id = $1`, [CHAIN_ID]);
    const { pools } = await data(`{ pools(chainId: ${CHAIN_ID}, first: 100, orderBy: volumeUsd7d, orderDirection: asc) { nodes { tvlUsd volumeUsd7d volumeUsd30d feesUsd7d feesUsd30d } } }`);
    const v7 = pools.nodes.map((p: { volumeUsd7d: number }) => p.volumeUsd7d);
    expect(v7).toEqual([...v7].sort((a, b) => a - b));
    expect(pools.nodes[0]).toMatchObject({ feesUsd30d: 90 });
    expect(pools.nodes[0].volumeUsd30d - pools.nodes[0].volumeUsd7d).toBeCloseTo(23_000, 6);
    const sum = (field: string) => pools.nodes.reduce((total: number, p: Record<string, number>) => total + p[field]!, 0);
    const { protocol, chain, overview, protocols } = await data(`{ protocol(slug: "uniswap-v2") { tvlUsd volumeUsd24h feesUsd24h volumeUsd7d volumeUsd30d feesUsd7d feesUsd30d }
      chain(chainId: ${CHAIN_ID}) { volumeUsd7d volumeUsd30d feesUsd24h feesUsd7d feesUsd30d }
      overview { tvlUsd borrowedUsd volumeUsd24h volumeUsd7d feesUsd24h }
      protocols(orderBy: feesUsd30d) { nodes { slug } } }`);
    for (const field of ['volumeUsd7d', 'volumeUsd30d', 'feesUsd7d', 'feesUsd30d']) {
      expect(protocol[field]).toBeCloseTo(sum(field), 6);
      expect(chain[field]).toBeCloseTo(sum(field), 6);
    }
    expect(chain.feesUsd24h).toBeCloseTo(protocol.feesUsd24h, 9);
    expect(overview).toEqual({ tvlUsd: protocol.tvlUsd, borrowedUsd: 0, volumeUsd24h: protocol.volumeUsd24h, volumeUsd7d: protocol.volumeUsd7d, feesUsd24h: protocol.feesUsd24h });
    expect(protocols.nodes).toEqual([{ slug: 'uniswap-v2' }]);
  });

  it('computes change1d/change7d on protocol, chain and overview from snapshots a day and a week old', async () => {
    const h = hourNow();
    await sql(`INSERT INTO tvl_snapshots (slug, chain_id, bucket_start_sec, tvl_usd) VALUES ('uniswap-v2', $1, $2, 1000000), ('uniswap-v2', $1, $3, 4000000)
               ON CONFLICT (slug, chain_id, bucket_start_sec) DO UPDATE SET tvl_usd = EXCLUDED.tvl_usd`, [CHAIN_ID, h - 25 * HOUR, h - 7 * DAY - HOUR]);
    const { protocol, chain, overview } = await data(`{ protocol(slug: "uniswap-v2") { tvlUsd change1d change7d } chain(chainId: ${CHAIN_ID}) { change1d change7d } overview { change1d } }`);
    const change = (old: number) => ((protocol.tvlUsd - old) / old) * 100;
    expect(protocol.change1d).toBeCloseTo(change(1_000_000), 9);
    expect(protocol.change7d).toBeCloseTo(change(4_000_000), 9);
    expect(chain).toEqual({ change1d: protocol.change1d, change7d: protocol.change7d });
    expect(overview.change1d).toBeCloseTo(protocol.change1d, 9);
  });

  it('serves chainTvlHistory (one chain or all, gaps carried) and tvlHistory DAY from the daily table', async () => {
    const h = hourNow();
    // From the previous test: 4M at h-7d-1h, 1M at h-25h. Add a day table the hourly one does not agree with.
    const { one, all } = await data(`query($from: DateTime!, $to: DateTime!) { one: chainTvlHistory(chainId: ${CHAIN_ID}, interval: HOUR, from: $from, to: $to) { timestamp tvlUsd }
      all: chainTvlHistory(interval: HOUR, from: $from, to: $to) { timestamp tvlUsd } }`, { from: iso(h - 27 * HOUR), to: iso(h - 24 * HOUR) });
    const expected = [[27, 4e6], [26, 4e6], [25, 1e6], [24, 1e6]].map(([hours, tvlUsd]) => ({ timestamp: iso(h - hours! * HOUR), tvlUsd }));
    expect(one).toEqual(expected);
    expect(all).toEqual(expected);
    const d = dayNow();
    await sql(`INSERT INTO tvl_snapshots_daily (slug, chain_id, bucket_start_sec, tvl_usd) VALUES ('uniswap-v2', $1, $2, 111), ('uniswap-v2', $1, $3, 222)`, [CHAIN_ID, d - 5 * DAY, d - 3 * DAY]);
    const daily = await data(`query($from: DateTime!, $to: DateTime!) { protocol(slug: "uniswap-v2") { tvlHistory(interval: DAY, from: $from, to: $to) { timestamp tvlUsd } }
      chainTvlHistory(chainId: ${CHAIN_ID}, interval: DAY, from: $from, to: $to) { timestamp tvlUsd } }`, { from: iso(d - 6 * DAY), to: iso(d - 2 * DAY) });
    const dailyExpected = [[5, 111], [4, 111], [3, 222], [2, 222]].map(([days, tvlUsd]) => ({ timestamp: iso(d - days! * DAY), tvlUsd }));
    expect(daily.protocol.tvlHistory).toEqual(dailyExpected);
    expect(daily.chainTvlHistory).toEqual(dailyExpected);
    expect(await errorCode(`{ chainTvlHistory(chainId: 999999, from: "${iso(h - HOUR)}") { tvlUsd } }`)).toBe('NOT_FOUND');
    expect(await errorCode(`{ chainTvlHistory(from: "${iso(h)}", to: "${iso(h - HOUR)}") { tvlUsd } }`)).toBe('BAD_USER_INPUT');
  });

  it('serves Token.candles (hourly and daily OHLC) batched: pools { token0 { candles } token1 { candles } } costs the same statements for 1 or 8 pools', async () => {
    const h = hourNow();
    const d = dayNow();
    const weth = symbolOf('WETH').toLowerCase();
    await sql(`INSERT INTO price_snapshots (chain_id, address, bucket_start_sec, open_usd, high_usd, low_usd, price_usd) VALUES ($1, $2, $3, 3000, 3100, 2900, 3050), ($1, $2, $4, 3050, 3060, 2990, 3000)`,
      [CHAIN_ID, weth, h - 30 * HOUR, h - 28 * HOUR]);
    await sql(`INSERT INTO price_snapshots_daily (chain_id, address, bucket_start_sec, open_usd, high_usd, low_usd, price_usd) VALUES ($1, $2, $3, 2500, 2700, 2400, 2600)`, [CHAIN_ID, weth, d - 9 * DAY]);
    const { token } = await data(`query($a: Address!, $from: DateTime!, $to: DateTime!, $dayFrom: DateTime!) { token(chainId: ${CHAIN_ID}, address: $a) {
      hours: candles(interval: HOUR, from: $from, to: $to) { timestamp open high low close } days: candles(interval: DAY, from: $dayFrom, to: $to) { timestamp open high low close }
      priceHistory(interval: DAY, from: $dayFrom, to: $to) { timestamp priceUsd } } }`,
    { a: weth, from: iso(h - 30 * HOUR - 120), to: iso(h - 27 * HOUR), dayFrom: iso(d - 10 * DAY) });
    expect(token.hours).toEqual([
      { timestamp: iso(h - 30 * HOUR), open: 3000, high: 3100, low: 2900, close: 3050 },
      { timestamp: iso(h - 28 * HOUR), open: 3050, high: 3060, low: 2990, close: 3000 },
    ]);
    expect(token.days).toEqual([{ timestamp: iso(d - 9 * DAY), open: 2500, high: 2700, low: 2400, close: 2600 }]);
    expect(token.priceHistory[0]).toEqual({ timestamp: iso(d - 9 * DAY), priceUsd: 2600 });

    const count = async (first: number) => {
      statements.length = 0;
      const { pools } = await data(`query($from: DateTime!) { pools(chainId: ${CHAIN_ID}, first: ${first}) { nodes {
        token0 { symbol candles(interval: HOUR, from: $from) { close } } token1 { candles(interval: HOUR, from: $from) { close } } } } }`, { from: iso(h - 31 * HOUR) });
      expect(pools.nodes).toHaveLength(first);
      return { statements: statements.length, wethCandles: pools.nodes.flatMap((n: Record<string, { symbol?: string; candles: unknown[] }>) => [n.token0!, n.token1!]).filter((t: { candles: unknown[] }) => t.candles.length >= 2).length };
    };
    const small = await count(1);
    const large = await count(8);
    expect(large.statements).toBe(small.statements);
    expect(large.statements).toBeLessThanOrEqual(4);
    expect(large.wethCandles).toBeGreaterThan(0);
    expect(await errorCode(`{ token(chainId: ${CHAIN_ID}, address: "${weth}") { candles(interval: HOUR, from: "${iso(h)}", to: "${iso(h - HOUR)}") { close } } }`)).toBe('BAD_USER_INPUT');
  });

  it('reads pool, token and protocol as of a block: reserves = getReserves() at that block, prices and TVL from the snapshot at or before it', async () => {
    // Snapshots the job wrote before block numbers were recorded stand for the head.
    await sql('UPDATE tvl_snapshots SET block_number = $2 WHERE chain_id = $1 AND block_number IS NULL AND bucket_start_sec >= $3', [CHAIN_ID, m.head.number, hourNow() - HOUR]);
    await sql('UPDATE price_snapshots SET block_number = $2 WHERE chain_id = $1 AND block_number IS NULL AND bucket_start_sec >= $3', [CHAIN_ID, m.head.number, hourNow() - HOUR]);
    const [synced] = await sql(`SELECT address, max(block_number)::int AS block FROM uniswap_v2_syncs WHERE chain_id = $1 AND block_number < $2 GROUP BY address ORDER BY 2 LIMIT 1`, [CHAIN_ID, m.head.number - 2]);
    const pair = m.fixture.deployment.uniswapV2.pairs.find((p) => p.address.toLowerCase() === synced!.address)!;
    const at = Number(synced!.block);
    const block = await m.fixture.clients.publicClient.getBlock({ blockNumber: BigInt(at) });
    const bucket = Math.floor(Number(block.timestamp) / HOUR) * HOUR;
    await sql(`INSERT INTO price_snapshots (chain_id, address, bucket_start_sec, open_usd, high_usd, low_usd, price_usd, block_number) VALUES ($1, $2, $4, 5, 5, 5, 5, $5), ($1, $3, $4, 7, 7, 7, 7, NULL)
               ON CONFLICT (chain_id, address, bucket_start_sec) DO UPDATE SET price_usd = EXCLUDED.price_usd, block_number = EXCLUDED.block_number`,
    [CHAIN_ID, pair.token0.toLowerCase(), pair.token1.toLowerCase(), bucket - HOUR, at - 1]);
    await sql(`INSERT INTO tvl_snapshots (slug, chain_id, bucket_start_sec, tvl_usd, borrowed_usd, block_number) VALUES ('uniswap-v2', $1, $2, 777, 0, $3)
               ON CONFLICT (slug, chain_id, bucket_start_sec) DO UPDATE SET tvl_usd = EXCLUDED.tvl_usd, block_number = EXCLUDED.block_number`, [CHAIN_ID, bucket - HOUR, at - 1]);

    const { pool, token, protocol, now } = await data(`query($a: Address!, $t: Address!, $n: Int!, $ts: DateTime!) {
      pool(chainId: ${CHAIN_ID}, address: $a, block: { number: $n }) { reserve0 reserve1 blockNumber tvlUsd token0 { address decimals priceUsd priceBlockNumber } token1 { decimals priceUsd } }
      token(chainId: ${CHAIN_ID}, address: $t, block: { timestamp: $ts }) { priceUsd priceBlockNumber }
      protocol(slug: "uniswap-v2", block: { number: $n }) { tvlUsd borrowedUsd chains }
      now: pool(chainId: ${CHAIN_ID}, address: $a, block: { number: ${m.head.number} }) { reserve0 token0 { priceUsd } } }`,
    { a: pair.address, t: pair.token0, n: at, ts: iso(Number(block.timestamp)) });
    const [reserve0, reserve1] = await m.fixture.clients.publicClient.readContract({ address: pair.address, abi: uniswapV2PairAbi, functionName: 'getReserves', blockNumber: BigInt(at) });
    expect(pool).toMatchObject({ reserve0: reserve0.toString(), reserve1: reserve1.toString(), blockNumber: at, token0: { priceUsd: 5, priceBlockNumber: at - 1 }, token1: { priceUsd: 7 } });
    expect(pool.tvlUsd).toBeCloseTo((Number(reserve0) / 10 ** pool.token0.decimals) * 5 + (Number(reserve1) / 10 ** pool.token1.decimals) * 7, 6);
    expect(token).toEqual({ priceUsd: 5, priceBlockNumber: at - 1 });
    expect(protocol).toEqual({ tvlUsd: 777, borrowedUsd: 0, chains: [`fixture-${CHAIN_ID}`] });
    const [headReserve0] = await m.fixture.clients.publicClient.readContract({ address: pair.address, abi: uniswapV2PairAbi, functionName: 'getReserves', blockNumber: BigInt(m.head.number) });
    const { token: live } = await data(`query($t: Address!) { token(chainId: ${CHAIN_ID}, address: $t) { priceUsd } }`, { t: pair.token0 });
    expect(now).toEqual({ reserve0: headReserve0.toString(), token0: { priceUsd: live.priceUsd } });

    // Lists at the same block: every V2 pair's reserves equal getReserves() there; filters and order use those values.
    const { pools, tokens } = await data(`query($n: Int!, $t: [Address!]) {
      pools(chainId: ${CHAIN_ID}, first: 100, block: { number: $n }, orderBy: tvlUsd, orderDirection: asc) { totalCount nodes { address reserve0 reserve1 tvlUsd blockNumber } }
      tokens(chainId: ${CHAIN_ID}, block: { number: $n }, where: { address_in: $t }) { nodes { address priceUsd priceBlockNumber } } }`,
    { n: at, t: [pair.token0, pair.token1] });
    const [withState] = await sql('SELECT count(DISTINCT address)::int AS n FROM uniswap_v2_syncs WHERE chain_id = $1 AND block_number <= $2', [CHAIN_ID, at]);
    expect(pools.totalCount).toBe(withState!.n);
    expect(pools.totalCount).toBeGreaterThan(0);
    for (const node of pools.nodes) {
      const [r0, r1] = await m.fixture.clients.publicClient.readContract({ address: node.address, abi: uniswapV2PairAbi, functionName: 'getReserves', blockNumber: BigInt(at) });
      expect([node.reserve0, node.reserve1]).toEqual([r0.toString(), r1.toString()]);
    }
    const tvls = pools.nodes.map((n: { tvlUsd: number }) => n.tvlUsd);
    expect(tvls).toEqual([...tvls].sort((a, b) => a - b));
    expect(pools.nodes.find((n: { address: string }) => n.address === pair.address).tvlUsd).toBeCloseTo(pool.tvlUsd, 6);
    expect(Object.fromEntries(tokens.nodes.map((t: { address: string; priceUsd: number }) => [t.address, t.priceUsd]))).toEqual({ [pair.token0]: 5, [pair.token1]: 7 });
    const count = async (first: number) => {
      statements.length = 0;
      const result = await data(`{ pools(chainId: ${CHAIN_ID}, first: ${first}, block: { number: ${at} }) { nodes { token0 { priceUsd } token1 { priceUsd } } } }`);
      expect(result.pools.nodes.length).toBe(Math.min(first, pools.totalCount));
      return statements.length;
    };
    expect(await count(pools.totalCount)).toBe(await count(1));
    expect(await errorCode(`{ pools(chainId: ${CHAIN_ID}, block: { number: ${at} }, orderBy: volumeUsd24h) { totalCount } }`)).toBe('BAD_USER_INPUT');
    expect(await errorCode(`{ tokens(chainId: ${CHAIN_ID}, block: { number: ${at} }, orderBy: confidence) { totalCount } }`)).toBe('BAD_USER_INPUT');
  });

  it('answers point-in-time reads with typed errors: future block, before history, both or neither of number/timestamp, values not kept per block', async () => {
    const weth = symbolOf('WETH');
    const pair = m.fixture.deployment.uniswapV2.pairs[0]!.address;
    const cases: [string, string][] = [
      [`{ token(chainId: ${CHAIN_ID}, address: "${weth}", block: { number: ${m.head.number + 1} }) { priceUsd } }`, 'BLOCK_NOT_INDEXED'],
      [`{ pool(chainId: ${CHAIN_ID}, address: "${pair}", block: { timestamp: "2999-01-01T00:00:00Z" }) { reserve0 } }`, 'BLOCK_NOT_INDEXED'],
      [`{ protocol(slug: "uniswap-v2", block: { number: 99999999 }) { tvlUsd } }`, 'BLOCK_NOT_INDEXED'],
      [`{ pool(chainId: ${CHAIN_ID}, address: "${pair}", block: { number: 0 }) { reserve0 } }`, 'DATA_NOT_AVAILABLE'],
      [`{ token(chainId: ${CHAIN_ID}, address: "${weth}", block: { timestamp: "2001-01-01T00:00:00Z" }) { priceUsd } }`, 'DATA_NOT_AVAILABLE'],
      [`{ token(chainId: ${CHAIN_ID}, address: "${weth}", block: { number: 5, timestamp: "2026-01-01T00:00:00Z" }) { priceUsd } }`, 'BAD_USER_INPUT'],
      [`{ token(chainId: ${CHAIN_ID}, address: "${weth}", block: {}) { priceUsd } }`, 'BAD_USER_INPUT'],
      [`{ pool(chainId: ${CHAIN_ID}, address: "${pair}", block: { number: -1 }) { reserve0 } }`, 'BAD_USER_INPUT'],
      [`{ pool(chainId: ${CHAIN_ID}, address: "${pair}", block: { number: ${m.head.number} }) { volumeUsd24h } }`, 'DATA_NOT_AVAILABLE'],
      [`{ protocol(slug: "uniswap-v2", block: { number: ${m.head.number} }) { change1d } }`, 'DATA_NOT_AVAILABLE'],
      [`{ token(chainId: 424242, address: "${weth}", block: { number: 1 }) { priceUsd } }`, 'NOT_FOUND'],
    ];
    for (const [query, code] of cases) {
      const result = await run(query);
      expect(result.errors?.[0]?.extensions.code, query).toBe(code);
      expect(result.errors?.[0]?.message.length).toBeGreaterThan(10);
    }
  });

  it('serves _meta(chainId) with the newest indexed block (hash as on chain), lag, market freshness and status', async () => {
    const { _meta } = await data(`{ _meta(chainId: ${CHAIN_ID}) { chainId block { number hash timestamp } headBlock lagBlocks marketBlockNumber marketUpdatedAt status hasIndexingErrors } }`);
    const block = await m.fixture.clients.publicClient.getBlock({ blockNumber: BigInt(m.head.number) });
    expect(_meta).toMatchObject({
      chainId: CHAIN_ID, block: { number: m.head.number, hash: block.hash, timestamp: iso(Number(block.timestamp)) }, marketBlockNumber: m.head.number, hasIndexingErrors: false,
    });
    expect(_meta.lagBlocks).toBe(_meta.headBlock - m.head.number);
    expect(typeof _meta.status).toBe('string');
    expect(Date.parse(_meta.marketUpdatedAt)).toBeGreaterThan(0);
    expect(await errorCode('{ _meta(chainId: 424242) { status } }')).toBe('NOT_FOUND');
  });

  it('streams tokenPriceUpdated for the requested tokens and protocolTvlUpdated for the requested slugs', async () => {
    const weth = symbolOf('WETH');
    const prices = (await subscribe({ schema, contextValue: context(), variableValues: { t: [weth] },
      document: parse(`subscription($t: [Address!]) { tokenPriceUpdated(chainId: ${CHAIN_ID}, tokens: $t) { address symbol priceUsd confidence priceBlockNumber } }`) })) as AsyncIterableIterator<ExecutionResult<Data>>;
    const tvl = (await subscribe({ schema, contextValue: context(),
      document: parse('subscription { protocolTvlUpdated(slugs: ["uniswap-v2"]) { slug chainId tvlUsd blockNumber } }') })) as AsyncIterableIterator<ExecutionResult<Data>>;
    // A fresh job has published nothing yet, so its first refresh announces every value.
    const job = createMarketJob({ common: testCommon(), db: m.db, pubsub: m.pubsub, chainIds: [CHAIN_ID], pollIntervalMs: 600_000 });
    const state = await job.refresh(CHAIN_ID);
    const price = (await prices.next()).value!;
    const wethPrice = state.prices.find((p) => p.symbol === 'WETH')!;
    expect(price.data!.tokenPriceUpdated).toEqual({ address: weth, symbol: 'WETH', priceUsd: wethPrice.priceUsd, confidence: wethPrice.confidence, priceBlockNumber: m.head.number });
    const update = (await tvl.next()).value!;
    expect(update.data!.protocolTvlUpdated).toEqual({ slug: 'uniswap-v2', chainId: CHAIN_ID, tvlUsd: state.protocols[0]!.tvlUsd, blockNumber: m.head.number });
    await prices.return?.();
    await tvl.return?.();
    await job.stop();
  });

  it('handles a protocol on two chains: block.number is ambiguous, block.timestamp sums both, all-chain history and _meta of a degraded chain', async () => {
    const other = 424_243;
    const h = hourNow();
    const headSec = Number((await m.fixture.clients.publicClient.getBlock({ blockNumber: BigInt(m.head.number) })).timestamp);
    await sql(`INSERT INTO chains (chain_id, name, head_block, indexed_block, status, status_detail, finality_depth) VALUES ($1, 'other', 60, 50, 'degraded', 'rpc timeout', 12)`, [other]);
    await sql(`INSERT INTO blocks (chain_id, number, hash, parent_hash, timestamp_sec, transaction_count, miner, gas_used) VALUES ($1, 50, $2, $3, $4, 0, $5, 0)`,
      [other, `0x${'a'.repeat(64)}`, `0x${'b'.repeat(64)}`, headSec, `0x${'0'.repeat(40)}`]);
    await sql(`INSERT INTO protocol_stats (slug, chain_id, tvl_usd, block_number) VALUES ('uniswap-v2', $1, 1000, 50)`, [other]);
    await sql(`INSERT INTO tvl_snapshots (slug, chain_id, bucket_start_sec, tvl_usd, block_number) VALUES ('uniswap-v2', $1, $2, 1000, 50), ('uniswap-v2', $1, $3, 400, 40)`, [other, h + HOUR, h - 2 * HOUR]);
    expect(await errorCode(`{ protocol(slug: "uniswap-v2", block: { number: 40 }) { tvlUsd } }`)).toBe('BAD_USER_INPUT');
    // Both chains' heads are at headSec; the other chain's 1000 snapshot lies after it, so 400 counts.
    const at = iso(headSec);
    const { protocol, mine, history, one, meta } = await data(`query($at: DateTime!, $from: DateTime!) {
      protocol(slug: "uniswap-v2", block: { timestamp: $at }) { tvlUsd chains }
      mine: chainTvlHistory(chainId: ${CHAIN_ID}, from: $from, to: $at) { timestamp tvlUsd }
      history: chainTvlHistory(from: $from, to: $at) { timestamp tvlUsd }
      one: protocol(slug: "uniswap-v2") { chains }
      meta: _meta(chainId: ${other}) { block { number timestamp } lagBlocks status hasIndexingErrors } }`, { at, from: iso(h - 2 * HOUR) });
    expect(one.chains).toEqual([`fixture-${CHAIN_ID}`, 'other']);
    expect(protocol.chains).toContain('other');
    const mineAt = mine.at(-1).tvlUsd;
    expect(protocol.tvlUsd).toBeCloseTo(mineAt + 400, 6);
    expect(history.at(-1).tvlUsd).toBeCloseTo(mineAt + 400, 6);
    expect(meta).toEqual({ block: { number: 50, timestamp: iso(headSec) }, lagBlocks: 10, status: 'DEGRADED', hasIndexingErrors: true });
    const { protocols } = await data(`query($at: DateTime!) { protocols(block: { timestamp: $at }) { totalCount nodes { slug tvlUsd chains } } }`, { at });
    expect(protocols).toEqual({ totalCount: 1, nodes: [{ slug: 'uniswap-v2', tvlUsd: protocol.tvlUsd, chains: one.chains }] });
    expect(await errorCode('{ protocols(block: { number: 40 }) { totalCount } }')).toBe('BAD_USER_INPUT');
    expect(await errorCode(`{ protocols(block: { timestamp: "${at}" }, orderBy: volumeUsd7d) { totalCount } }`)).toBe('BAD_USER_INPUT');
    expect(await errorCode(`{ protocols(block: { timestamp: "${at}" }) { nodes { volumeUsd24h } } }`)).toBe('DATA_NOT_AVAILABLE');
    expect(await errorCode('{ protocols(block: { timestamp: "2999-01-01T00:00:00Z" }) { totalCount } }')).toBe('BLOCK_NOT_INDEXED');
    expect(await errorCode('{ protocols(block: {}) { totalCount } }')).toBe('BAD_USER_INPUT');

    // The other chain's snapshot of the hour holding `at`, computed later (block 60, after that chain's block 50 at
    // `at`), is not `at`'s value: both reads keep the 400 of the hour before.
    const hourOfAt = Math.floor(headSec / HOUR) * HOUR;
    expect(hourOfAt).toBeGreaterThan(h - 2 * HOUR);
    await sql(`INSERT INTO tvl_snapshots (slug, chain_id, bucket_start_sec, tvl_usd, block_number) VALUES ('uniswap-v2', $1, $2, 5000, 60)`, [other, hourOfAt]);
    const later = await data(`query($at: DateTime!) { protocol(slug: "uniswap-v2", block: { timestamp: $at }) { tvlUsd } protocols(block: { timestamp: $at }) { nodes { tvlUsd } } }`, { at });
    expect(later.protocol.tvlUsd).toBeCloseTo(mineAt + 400, 6);
    expect(later.protocols.nodes[0].tvlUsd).toBeCloseTo(mineAt + 400, 6);
  });

  it('reads a V3 pool as of a block: net indexed transfers up to it, state block = the last Initialize/Swap at or before it', async () => {
    const pool = `0x${'c3'.repeat(20)}`;
    const [weth, usdc] = [symbolOf('WETH').toLowerCase(), symbolOf('USDC').toLowerCase()];
    const [b1, b2, b3] = [m.head.number - 8, m.head.number - 6, m.head.number - 4];
    const hash = (n: number) => `0x${n.toString(16).padStart(64, '0')}`;
    await sql(`INSERT INTO pool_stats (chain_id, address, protocol, token0, token1, reserve0, reserve1, block_number) VALUES ($1, $2, 'uniswap-v3', $3, $4, 0, 0, $5)`, [CHAIN_ID, pool, weth, usdc, m.head.number]);
    await sql(`INSERT INTO uniswap_v3_initializes (chain_id, block_number, log_index, block_hash, tx_hash, address, sqrt_price_x96, tick) VALUES ($1, $2, 9001, $3, $3, $4, 79228162514264337593543950336, 0)`, [CHAIN_ID, b1, hash(1), pool]);
    await sql(`INSERT INTO erc20_transfers (chain_id, block_number, log_index, block_hash, tx_hash, address, from_address, to_address, value) VALUES
               ($1, $2, 9002, $5, $5, $6, $8, $9, 10000000000000000000), ($1, $3, 9003, $5, $5, $7, $8, $9, 1000000000), ($1, $4, 9004, $5, $5, $6, $9, $8, 3000000000000000000)`,
    [CHAIN_ID, b1, b2, b3, hash(2), weth, usdc, `0x${'ab'.repeat(20)}`, pool]);
    const at = async (n: number) => (await run(`{ pool(chainId: ${CHAIN_ID}, address: "${pool}", block: { number: ${n} }) { reserve0 reserve1 blockNumber } }`));
    expect((await at(b2)).data!.pool).toEqual({ reserve0: '10000000000000000000', reserve1: '1000000000', blockNumber: b1 });
    expect((await at(b3)).data!.pool).toEqual({ reserve0: '7000000000000000000', reserve1: '1000000000', blockNumber: b1 });
    expect((await at(b1 - 1)).errors?.[0]?.extensions.code).toBe('DATA_NOT_AVAILABLE');
  });

  it("sums a protocol's chains per bucket after carrying each chain over its gaps: tvlHistory (hour and day), change1d of protocol, chain and overview", async () => {
    // Chain b stalls after h-25h (no row at h-24h nor at the head hour h): its 250 still counts in every later bucket.
    const [a, b] = [424_251, 424_252];
    const h = hourNow();
    const d = dayNow();
    await sql(`INSERT INTO chains (chain_id, name, head_block, indexed_block, status, finality_depth) VALUES ($1, 'alpha', 1, 1, 'following', 12), ($2, 'beta', 1, 1, 'following', 12)`, [a, b]);
    // A second protocol on chain a, written only at h-26h: chain a's total carries it too.
    await sql(`INSERT INTO protocol_stats (slug, chain_id, tvl_usd, block_number) VALUES ('carry-test', $1, 150, 1), ('carry-test', $2, 250, 1), ('carry-test-2', $1, 1000, 1)`, [a, b]);
    await sql(`INSERT INTO tvl_snapshots (slug, chain_id, bucket_start_sec, tvl_usd) VALUES ('carry-test', $1, $3, 100), ('carry-test', $1, $4, 120), ('carry-test', $1, $5, 150),
               ('carry-test', $2, $3, 200), ('carry-test', $2, $6, 250), ('carry-test-2', $1, $3, 1000)`, [a, b, h - 26 * HOUR, h - 24 * HOUR, h, h - 25 * HOUR]);
    await sql(`INSERT INTO tvl_snapshots_daily (slug, chain_id, bucket_start_sec, tvl_usd) VALUES ('carry-test', $1, $3, 10), ('carry-test', $1, $4, 30), ('carry-test', $2, $5, 5)`,
      [a, b, d - 3 * DAY, d, d - 4 * DAY]);
    try {
      const { protocol } = await data(`query($from: DateTime!, $to: DateTime!, $inner: DateTime!, $days: DateTime!) { protocol(slug: "carry-test") { tvlUsd change1d
        full: tvlHistory(interval: HOUR, from: $from, to: $to) { timestamp tvlUsd } inner: tvlHistory(interval: HOUR, from: $inner, to: $to) { timestamp tvlUsd }
        days: tvlHistory(interval: DAY, from: $days) { timestamp tvlUsd } } }`,
      { from: iso(h - 26 * HOUR), to: iso(h), inner: iso(h - 24 * HOUR), days: iso(d - 4 * DAY) });
      expect(protocol.tvlUsd).toBe(400);
      const at = (hours: number) => protocol.full.find((p: { timestamp: string }) => p.timestamp === iso(h - hours * HOUR))?.tvlUsd;
      expect([26, 25, 24, 23, 1, 0].map(at)).toEqual([300, 350, 370, 370, 370, 400]);
      expect(protocol.full).toHaveLength(27);
      // Range starting after b's last row: b's 250 is carried in from before the range.
      expect(protocol.inner.map((p: { tvlUsd: number }) => p.tvlUsd)).toEqual([...Array(24).fill(370), 400]);
      expect(protocol.days).toEqual([[4, 5], [3, 15], [2, 15], [1, 15], [0, 35]].map(([days, tvlUsd]) => ({ timestamp: iso(d - days! * DAY), tvlUsd })));
      // A day ago both chains held 370 together (not a's 120 alone).
      expect(protocol.change1d).toBeCloseTo(((400 - 370) / 370) * 100, 9);

      // Chain a a day ago: 120 + carry-test-2's carried 1000. Overview: every chain a day ago, as chainTvlHistory (which carries) sums it.
      const { chain, overview, chainTvlHistory } = await data(`query($at: DateTime!) { chain(chainId: ${a}) { tvlUsd change1d } overview { tvlUsd change1d }
        chainTvlHistory(interval: HOUR, from: $at, to: $at) { tvlUsd } }`, { at: iso(h - 24 * HOUR) });
      expect(chain.tvlUsd).toBe(1150);
      expect(chain.change1d).toBeCloseTo(((1150 - 1120) / 1120) * 100, 9);
      const dayAgo = chainTvlHistory[0].tvlUsd;
      expect(overview.change1d).toBeCloseTo(((overview.tvlUsd - dayAgo) / dayAgo) * 100, 9);
    } finally {
      await sql(`DELETE FROM protocol_stats WHERE slug LIKE 'carry-test%'`);
      await sql(`DELETE FROM tvl_snapshots WHERE slug LIKE 'carry-test%'`);
      await sql(`DELETE FROM tvl_snapshots_daily WHERE slug = 'carry-test'`);
      await sql('DELETE FROM chains WHERE chain_id = ANY($1)', [[a, b]]);
    }
  });
});
