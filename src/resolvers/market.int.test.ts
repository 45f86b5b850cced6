import { graphql, parse, subscribe, type ExecutionResult, type GraphQLSchema } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMarketFixture, type MarketFixture } from '../../test/helpers/marketFixture.js';
import { testCommon } from '../../test/helpers/indexing.js';
import { uniswapV2PairAbi } from '../devnet/abis.js';
import { createBlockRepository } from '../datasources/db/repositories/blockRepository.js';
import { createChainRepository } from '../datasources/db/repositories/chainRepository.js';
import { createMarketRepository } from '../datasources/db/repositories/marketRepository.js';
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

  const context = (): GraphQLContext => ({ repos, loaders: createLoaders(repos), pubsub: m.pubsub, logger: testCommon().logger });
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
    repos = { chains: createChainRepository(m.db), blocks: createBlockRepository(m.db), market: createMarketRepository(m.db) };
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

  it('answers NOT_FOUND for unknown slugs and addresses, BAD_USER_INPUT for first > 1000 and inverted ranges', async () => {
    expect(await errorCode('{ protocol(slug: "no-such-protocol") { slug } }')).toBe('NOT_FOUND');
    expect(await errorCode(`{ pool(chainId: ${CHAIN_ID}, address: "0x000000000000000000000000000000000000dead") { address } }`)).toBe('NOT_FOUND');
    expect(await errorCode(`{ token(chainId: ${CHAIN_ID}, address: "0x000000000000000000000000000000000000dead") { address } }`)).toBe('NOT_FOUND');
    expect(await errorCode(`{ pools(chainId: ${CHAIN_ID}, first: 1001) { totalCount } }`)).toBe('BAD_USER_INPUT');
    expect(await errorCode(`{ tokens(chainId: ${CHAIN_ID}, first: 0) { totalCount } }`)).toBe('BAD_USER_INPUT');
    expect(await errorCode(`{ pools(chainId: ${CHAIN_ID}, after: "bogus") { totalCount } }`)).toBe('BAD_USER_INPUT');
    expect(await errorCode('{ protocol(slug: "uniswap-v2") { tvlHistory(from: "2026-01-02T00:00:00Z", to: "2026-01-01T00:00:00Z") { tvlUsd } } }')).toBe('BAD_USER_INPUT');
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
});
