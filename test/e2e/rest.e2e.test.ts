import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildLogger } from '../../src/common/logger.js';
import { createMetrics } from '../../src/common/metrics.js';
import { loadConfig } from '../../src/config/config.js';
import { createBlockRepository } from '../../src/datasources/db/repositories/blockRepository.js';
import { createChainRepository } from '../../src/datasources/db/repositories/chainRepository.js';
import { createMarketRepository } from '../../src/datasources/db/repositories/marketRepository.js';
import { createSwapRepository } from '../../src/datasources/db/repositories/swapRepository.js';
import { createApiKeyRepository } from '../../src/datasources/db/repositories/apiKeyRepository.js';
import { createLoaders } from '../../src/datasources/loaders/createLoaders.js';
import { buildAppSchema } from '../../src/resolvers/buildSchema.js';
import type { Repositories } from '../../src/resolvers/context.js';
import { createApiServer, type ApiServer } from '../../src/server/createApiServer.js';
import { createRestRouter } from '../../src/server/rest/createRestRouter.js';
import { postGraphql } from '../helpers/graphqlClients.js';
import { createMarketFixture, type MarketFixture } from '../helpers/marketFixture.js';
import { loadSpec, responseSchema, validate, type Schema } from '../helpers/openapiSchema.js';

const CHAIN_ID = 31_603;
/** The chain's slug in coin ids (its registered name) and its DefiLlama-style display name in TVL maps. */
const CHAIN = `fixture-${CHAIN_ID}`;
const DISPLAY = `Fixture-${CHAIN_ID}`;
const spec = loadSpec();

describe('DefiLlama-compatible REST on the API server over an indexed market', () => {
  let m: MarketFixture;
  let server: ApiServer;
  let baseUrl: string;

  async function get(path: string): Promise<{ status: number; body: unknown }> {
    const response = await fetch(`${baseUrl}${path}`);
    return { status: response.status, body: await response.json() };
  }
  async function getValid(path: string, specPath: string): Promise<unknown> {
    const { status, body } = await get(path);
    expect(status).toBe(200);
    expect(validate(spec, responseSchema(spec, specPath), body)).toEqual([]);
    return body;
  }
  const address = (symbol: string) => m.fixture.deployment.tokens.find((t) => t.symbol === symbol)!.address;

  beforeAll(async () => {
    m = await createMarketFixture(CHAIN_ID);
    const config = loadConfig({ NODE_ENV: 'test', PORT: '0', HOST: '127.0.0.1' });
    const common = { config, logger: buildLogger('silent'), metrics: createMetrics() };
    const repos: Repositories = { chains: createChainRepository(m.db), blocks: createBlockRepository(m.db), market: createMarketRepository(m.db), swaps: createSwapRepository(m.db),
      apiKeys: createApiKeyRepository(m.db) };
    server = createApiServer({
      common,
      schema: await buildAppSchema(),
      createContext: (principal) => ({ repos, loaders: createLoaders(repos), pubsub: m.pubsub, logger: common.logger, principal }),
      readinessChecks: () => [],
      routes: [createRestRouter(repos, common.logger)],
    });
    const { port } = await server.start();
    baseUrl = `http://127.0.0.1:${port}`;
  });
  afterAll(async () => {
    await server?.stop();
    await m?.stop();
  });

  it('GET /protocols lists protocols in the spec shape, TVL equal to GraphQL protocol.tvlUsd', async () => {
    const body = (await getValid('/protocols', '/protocols')) as { slug: string; name: string; category: string; tvl: number; chains: string[]; chainTvls: Record<string, number> }[];
    const v2 = body.find((p) => p.slug === 'uniswap-v2')!;
    expect(v2).toMatchObject({ name: 'Uniswap V2', category: 'Dexes', chains: [DISPLAY] });
    const gql = await postGraphql<{ protocol: { tvlUsd: number } }>(baseUrl, '{ protocol(slug: "uniswap-v2") { tvlUsd } }');
    expect(v2.tvl).toBeGreaterThan(0);
    expect(v2.tvl).toBe(gql.body.data!.protocol.tvlUsd);
    expect(v2.chainTvls[DISPLAY]).toBe(v2.tvl);
  });

  it('GET /protocol/:slug has current chain TVLs and the daily history; GET /tvl/:slug is the bare number', async () => {
    const body = (await getValid('/protocol/uniswap-v2', '/protocol/{protocol}')) as {
      tvl: { date: number; totalLiquidityUSD: number }[]; currentChainTvls: Record<string, number>; chainTvls: Record<string, { tvl: unknown[] }>;
    };
    const gql = await postGraphql<{ protocol: { tvlUsd: number } }>(baseUrl, '{ protocol(slug: "uniswap-v2") { tvlUsd } }');
    const tvlUsd = gql.body.data!.protocol.tvlUsd;
    expect(body.currentChainTvls[DISPLAY]).toBe(tvlUsd);
    expect(body.tvl.length).toBeGreaterThan(0);
    expect(body.tvl.at(-1)!.totalLiquidityUSD).toBeCloseTo(tvlUsd, 6);
    expect(body.chainTvls[DISPLAY]!.tvl.length).toBe(body.tvl.length);
    expect(body.tvl.every((p) => p.date % 86_400 === 0)).toBe(true);

    const tvl = await getValid('/tvl/uniswap-v2', '/tvl/{protocol}');
    expect(tvl).toBe(tvlUsd);
  });

  it('GET /v2/chains lists the chain with its TVL (sum of its protocols)', async () => {
    const body = (await getValid('/v2/chains', '/v2/chains')) as { name: string; chainId: number; tvl: number; gecko_id: string | null }[];
    const chain = body.find((c) => c.chainId === CHAIN_ID)!;
    const protocols = (await get('/protocols')).body as { chainTvls: Record<string, number> }[];
    const sum = protocols.reduce((total, p) => total + (p.chainTvls[DISPLAY] ?? 0), 0);
    expect(chain).toMatchObject({ name: DISPLAY, gecko_id: null });
    expect(chain.tvl).toBeCloseTo(sum, 6);
  });

  it('GET /prices/current/:coins prices chain:address coins like GraphQL token.priceUsd', async () => {
    const weth = address('WETH');
    const usdc = address('USDC');
    const ids = [`${CHAIN}:${weth}`, `${CHAIN}:${usdc.toLowerCase()}`, `unknownchain:0x${'1'.repeat(40)}`];
    const body = (await getValid(`/prices/current/${ids.join(',')}`, '/prices/current/{coins}')) as {
      coins: Record<string, { price: number; symbol: string; decimals?: number; timestamp: number; confidence: number }>;
    };
    // The spec describes `coins` by one example key; every returned coin must match that entry's schema.
    const coinsSchema = responseSchema(spec, '/prices/current/{coins}').properties!.coins!;
    const coinSchema: Schema = Object.values(coinsSchema.properties!)[0]!;
    for (const [key, coin] of Object.entries(body.coins)) expect(validate(spec, coinSchema, coin, key)).toEqual([]);
    expect(Object.keys(body.coins).sort()).toEqual(ids.slice(0, 2).sort());

    const gql = await postGraphql<{ token: { priceUsd: number; symbol: string; decimals: number } }>(baseUrl,
      `query($a: Address!) { token(chainId: ${CHAIN_ID}, address: $a) { priceUsd symbol decimals } }`, { a: weth.toLowerCase() });
    expect(body.coins[ids[0]!]).toMatchObject({ price: gql.body.data!.token.priceUsd, symbol: 'WETH', decimals: gql.body.data!.token.decimals });
    expect(Math.abs(body.coins[ids[1]!]!.price - 1)).toBeLessThan(0.02);
    expect(body.coins[ids[0]!]!.timestamp).toBeGreaterThan(1_600_000_000);
  });

  const HOUR = 3600;
  const DAY = 86_400;
  const sql = (text: string, parameters: unknown[]) => m.db.dataSource.query(text, parameters) as Promise<unknown>;
  const hourNow = () => Math.floor(Date.now() / 1000 / HOUR) * HOUR;

  it('GET /protocols adds change_7d once a snapshot a week old exists, equal to GraphQL protocol.change7d', async () => {
    const before = ((await get('/protocols')).body as { slug: string; change_7d?: number }[]).find((p) => p.slug === 'uniswap-v2')!;
    expect(before.change_7d).toBeUndefined();
    await sql(`INSERT INTO tvl_snapshots (slug, chain_id, bucket_start_sec, tvl_usd) VALUES ('uniswap-v2', $1, $2, 5000000)`, [CHAIN_ID, hourNow() - 7 * DAY - HOUR]);
    const body = (await getValid('/protocols', '/protocols')) as { slug: string; tvl: number; change_7d?: number }[];
    const v2 = body.find((p) => p.slug === 'uniswap-v2')!;
    expect(v2.change_7d).toBeCloseTo(((v2.tvl - 5e6) / 5e6) * 100, 9);
    const gql = await postGraphql<{ protocol: { change7d: number } }>(baseUrl, '{ protocol(slug: "uniswap-v2") { change7d } }');
    expect(v2.change_7d).toBeCloseTo(gql.body.data!.protocol.change7d, 9);
  });

  it('GET /v2/historicalChainTvl[/:chain] serves daily TVL by display name or slug, gaps carried; unknown chain -> 404', async () => {
    const day = Math.floor(Date.now() / 1000 / DAY) * DAY;
    await sql(`INSERT INTO tvl_snapshots_daily (slug, chain_id, bucket_start_sec, tvl_usd) VALUES ('uniswap-v2', $1, $2, 100), ('uniswap-v2', $1, $3, 300)
               ON CONFLICT (slug, chain_id, bucket_start_sec) DO UPDATE SET tvl_usd = EXCLUDED.tvl_usd`, [CHAIN_ID, day - 3 * DAY, day - DAY]);
    const byName = (await getValid(`/v2/historicalChainTvl/${DISPLAY}`, '/v2/historicalChainTvl/{chain}')) as { date: number; tvl: number }[];
    expect(byName.slice(0, 3)).toEqual([{ date: day - 3 * DAY, tvl: 100 }, { date: day - 2 * DAY, tvl: 100 }, { date: day - DAY, tvl: 300 }]);
    expect(byName.map((p) => p.date)).toEqual([day - 3 * DAY, day - 2 * DAY, day - DAY, day]);
    expect(await getValid(`/v2/historicalChainTvl/${CHAIN.toUpperCase()}`, '/v2/historicalChainTvl/{chain}')).toEqual(byName);
    expect(await getValid('/v2/historicalChainTvl', '/v2/historicalChainTvl')).toEqual(byName);
    const unknown = await get('/v2/historicalChainTvl/Atlantis');
    expect(unknown).toMatchObject({ status: 404, body: { error: { code: 'NOT_FOUND', message: expect.stringContaining('Atlantis') } } });
  });

  it('GET /chart/:coins samples hourly snapshots at start/end/span/period within searchWidth, in the spec shape', async () => {
    const h = hourNow();
    const weth = address('WETH').toLowerCase();
    await sql(`INSERT INTO price_snapshots (chain_id, address, bucket_start_sec, open_usd, high_usd, low_usd, price_usd) VALUES
               ($1, $2, $3, 2000, 2000, 2000, 2000), ($1, $2, $4, 2100, 2100, 2100, 2100), ($1, $2, $5, 2200, 2200, 2200, 2200)`, [CHAIN_ID, weth, h - 10 * HOUR, h - 9 * HOUR, h - 8 * HOUR]);
    const id = `${CHAIN}:${weth}`;
    type Chart = { coins: Record<string, { symbol: string; decimals?: number; confidence: number; prices: { timestamp: number; price: number }[] }> };
    const chart = async (query: string) => {
      const body = (await getValid(`/chart/${id},unknownchain:0x${'2'.repeat(40)}?${query}`, '/chart/{coins}')) as Chart;
      const coinSchema: Schema = Object.values(responseSchema(spec, '/chart/{coins}').properties!.coins!.properties!)[0]!;
      for (const [key, coin] of Object.entries(body.coins)) expect(validate(spec, coinSchema, coin, key)).toEqual([]);
      expect(Object.keys(body.coins).every((k) => k === id)).toBe(true);
      return body.coins[id];
    };
    const forward = await chart(`start=${h - 10 * HOUR}&span=3&period=1h`);
    const gql = await postGraphql<{ token: { confidence: number } }>(baseUrl, `query($a: Address!) { token(chainId: ${CHAIN_ID}, address: $a) { confidence } }`, { a: weth });
    expect(forward).toEqual({ symbol: 'WETH', decimals: 18, confidence: gql.body.data!.token.confidence,
      prices: [{ timestamp: h - 10 * HOUR, price: 2000 }, { timestamp: h - 9 * HOUR, price: 2100 }, { timestamp: h - 8 * HOUR, price: 2200 }] });
    expect((await chart(`end=${h - 8 * HOUR}&span=2&period=1H`))!.prices.map((p) => p.price)).toEqual([2100, 2200]);
    // 20 minutes after a snapshot: outside the default width (10% of 1h), inside 30m; the nearer snapshot wins.
    expect(await chart(`start=${h - 10 * HOUR + 1200}&span=1&period=1h`)).toBeUndefined();
    expect((await chart(`start=${h - 10 * HOUR + 1200}&span=1&period=1h&searchWidth=30m`))!.prices).toEqual([{ timestamp: h - 10 * HOUR, price: 2000 }]);
    expect((await chart(`start=${h - 10 * HOUR + 1200}&span=1&period=1h&searchWidth=3600`))!.prices).toEqual([{ timestamp: h - 10 * HOUR, price: 2000 }]);
    for (const query of ['start=abc', 'period=5y', 'span=0', `start=${h}&end=${h - HOUR}`, 'searchWidth=wide', `start=${h - 100 * DAY}&period=1h`]) {
      const { status, body } = await get(`/chart/${id}?${query}`);
      expect(status, query).toBe(400);
      expect(body).toMatchObject({ error: { code: 'BAD_USER_INPUT', message: expect.any(String) } });
    }
    expect((await get('/chart/ethereum:0x123')).status).toBe(400);
  });

  it('GET /protocol/:slug serves daily points (tvl_snapshots_daily) and GET /protocols change_1d, each chain carried over its gaps before summing', async () => {
    const [a, b] = [424_301, 424_302];
    const d = Math.floor(Date.now() / 1000 / DAY) * DAY;
    const h = hourNow();
    await sql(`INSERT INTO chains (chain_id, name, head_block, indexed_block, status, finality_depth) VALUES ($1, 'alpha', 1, 1, 'following', 12), ($2, 'beta', 1, 1, 'following', 12)`, [a, b]);
    await sql(`INSERT INTO protocol_stats (slug, chain_id, tvl_usd, block_number) VALUES ('carry-test', $1, 150, 1), ('carry-test', $2, 250, 1)`, [a, b]);
    // Daily: alpha from d-3 with a gap at d-2; beta stalls after d-3 (no row for the last three days).
    await sql(`INSERT INTO tvl_snapshots_daily (slug, chain_id, bucket_start_sec, tvl_usd) VALUES ('carry-test', $1, $3, 100), ('carry-test', $1, $4, 120), ('carry-test', $1, $5, 150),
               ('carry-test', $2, $6, 10), ('carry-test', $2, $3, 20)`, [a, b, d - 3 * DAY, d - DAY, d, d - 4 * DAY]);
    // Hourly: beta stalls after h-25h; hourly rows are not part of /protocol/:slug.
    await sql(`INSERT INTO tvl_snapshots (slug, chain_id, bucket_start_sec, tvl_usd) VALUES ('carry-test', $1, $3, 100), ('carry-test', $1, $4, 120), ('carry-test', $1, $5, 150),
               ('carry-test', $2, $3, 200), ('carry-test', $2, $6, 250)`, [a, b, h - 26 * HOUR, h - 24 * HOUR, h, h - 25 * HOUR]);
    try {
      const body = (await getValid('/protocol/carry-test', '/protocol/{protocol}')) as {
        tvl: { date: number; totalLiquidityUSD: number }[]; currentChainTvls: Record<string, number>; chainTvls: Record<string, { tvl: { date: number; totalLiquidityUSD: number }[] }>;
      };
      const series = (points: [number, number][]) => points.map(([days, value]) => ({ date: d - days * DAY, totalLiquidityUSD: value }));
      expect(body.currentChainTvls).toEqual({ Alpha: 150, Beta: 250 });
      expect(body.chainTvls).toEqual({ Alpha: { tvl: series([[3, 100], [2, 100], [1, 120], [0, 150]]) }, Beta: { tvl: series([[4, 10], [3, 20], [2, 20], [1, 20], [0, 20]]) } });
      expect(body.tvl).toEqual(series([[4, 10], [3, 120], [2, 120], [1, 140], [0, 170]]));

      const listed = ((await getValid('/protocols', '/protocols')) as { slug: string; tvl: number; change_1d?: number }[]).find((p) => p.slug === 'carry-test')!;
      expect(listed.tvl).toBe(400);
      // A day ago alpha held 120 and beta (carried) 250: 370, not alpha's 120 alone.
      expect(listed.change_1d).toBeCloseTo(((400 - 370) / 370) * 100, 9);
    } finally {
      await sql(`DELETE FROM protocol_stats WHERE slug = 'carry-test'`, []);
      await sql(`DELETE FROM tvl_snapshots WHERE slug = 'carry-test'`, []);
      await sql(`DELETE FROM tvl_snapshots_daily WHERE slug = 'carry-test'`, []);
      await sql('DELETE FROM chains WHERE chain_id = ANY($1)', [[a, b]]);
    }
  });

  it('answers bad input with typed errors, never a crash', async () => {
    for (const path of ['/protocol/no-such-protocol', '/tvl/no-such-protocol']) {
      const { status, body } = await get(path);
      expect(status).toBe(404);
      expect(body).toMatchObject({ error: { code: 'NOT_FOUND', message: expect.stringContaining('no-such-protocol') } });
    }
    const hex = (i: number) => `0x${i.toString(16).padStart(40, '0')}`;
    for (const coins of ['ethereum:0x123', 'ethereum', `ethereum:${'0x'.padEnd(42, 'g')}`, `:${hex(1)}`, Array.from({ length: 101 }, (_, i) => `ethereum:${hex(i)}`).join(',')]) {
      const { status, body } = await get(`/prices/current/${encodeURIComponent(coins).replaceAll('%2C', ',').replaceAll('%3A', ':')}`);
      expect(status, coins.slice(0, 40)).toBe(400);
      expect(body).toMatchObject({ error: { code: 'BAD_USER_INPUT' } });
    }
    const ok = await get('/protocols');
    expect(ok.status).toBe(200);
  });

  it('the schema checker itself rejects wrong shapes', () => {
    const schema = responseSchema(spec, '/v2/chains');
    expect(validate(spec, schema, [{ name: 'x', tvl: '1', chainId: null }])).toEqual(['$[0].tvl: expected number, got string']);
    expect(validate(spec, schema, {})).toEqual(['$: expected array, got object']);
    const doc = { components: { schemas: { P: { type: 'object', required: ['a'], properties: { a: { type: 'number' } } } } } };
    expect(validate(doc, { type: 'array', items: { $ref: '#/components/schemas/P' } }, [{ a: 1 }, {}, { a: 'x' }])).toEqual(['$[1]: missing required a', '$[2].a: expected number, got string']);
  });
});
