import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uniswapV2PairAbi } from '../../devnet/abis.js';
import { createMemoryPubSub } from '../../pubsub/createMemoryPubSub.js';
import { testCommon } from '../../../test/helpers/indexing.js';
import { createMarketJob } from './createMarketJob.js';
import { createMarketFixture, type MarketFixture } from '../../../test/helpers/marketFixture.js';

const CHAIN_ID = 31_601;

interface PriceRow { address: string; symbol: string; decimals: number; price_usd: number | null; confidence: number }
interface PoolRow { address: string; token0: string; token1: string; reserve0: string; reserve1: string; tvl_usd: number; volume_usd_24h: number; fees_usd_24h: number }

const close = (actual: number, expected: number, relative: number) => expect(Math.abs(actual - expected)).toBeLessThanOrEqual(Math.abs(expected) * relative);

describe('createMarketJob on an indexed devnet chain', () => {
  let m: MarketFixture;
  let prices: Map<string, PriceRow>;
  let bySymbol: (symbol: string) => PriceRow;
  let pools: PoolRow[];

  beforeAll(async () => {
    m = await createMarketFixture(CHAIN_ID);
    const priceRows = (await m.db.dataSource.query('SELECT address, symbol, decimals, price_usd, confidence FROM token_prices WHERE chain_id = $1', [CHAIN_ID])) as PriceRow[];
    prices = new Map(priceRows.map((row) => [row.address, row]));
    bySymbol = (symbol) => priceRows.find((row) => row.symbol === symbol)!;
    pools = (await m.db.dataSource.query('SELECT * FROM pool_stats WHERE chain_id = $1', [CHAIN_ID])) as PoolRow[];
  });
  afterAll(async () => {
    await m?.stop();
  });

  it('stores every V2 pair with the reserves getReserves() returns at the same block', async () => {
    const pairs = m.fixture.deployment.uniswapV2.pairs;
    expect(pools).toHaveLength(pairs.length);
    for (const pair of pairs) {
      const [reserve0, reserve1] = await m.fixture.clients.publicClient.readContract({ address: pair.address, abi: uniswapV2PairAbi, functionName: 'getReserves', blockNumber: BigInt(m.head.number) });
      const row = pools.find((p) => p.address === pair.address.toLowerCase())!;
      expect([row.reserve0, row.reserve1]).toEqual([reserve0.toString(), reserve1.toString()]);
    }
  });

  it('prices stablecoins near 1 and WETH, WBTC, LINK, UNI near their seeded prices, with high confidence', () => {
    for (const symbol of ['USDC', 'USDT', 'DAI']) {
      close(bySymbol(symbol).price_usd!, 1, 0.02);
      expect(bySymbol(symbol).confidence).toBeGreaterThanOrEqual(0.9);
    }
    for (const [symbol, expected] of [['WETH', 3000], ['WBTC', 60_000], ['LINK', 15], ['UNI', 8]] as const) {
      close(bySymbol(symbol).price_usd!, expected, 0.03);
      expect(bySymbol(symbol).confidence).toBeGreaterThan(0.8);
    }
  });

  it('gives MEME (a $30k pool) a low confidence or no price, never a wrong one', () => {
    const meme = bySymbol('MEME');
    if (meme.price_usd === null) expect(meme.confidence).toBe(0);
    else {
      close(meme.price_usd, 0.001, 0.05);
      expect(meme.confidence).toBeLessThan(0.7);
    }
  });

  it('values each pool at reserves x prices, and the protocol at the sum of its pools', async () => {
    const value = (token: string, raw: string) => {
      const p = prices.get(token)!;
      return p.price_usd === null ? 0 : (Number(raw) / 10 ** p.decimals) * p.price_usd;
    };
    for (const pool of pools) close(pool.tvl_usd, value(pool.token0, pool.reserve0) + value(pool.token1, pool.reserve1), 1e-9);
    const weth = m.fixture.deployment.tokens.find((t) => t.symbol === 'WETH')!.address.toLowerCase();
    const usdc = m.fixture.deployment.tokens.find((t) => t.symbol === 'USDC')!.address.toLowerCase();
    const wethUsdc = pools.find((p) => [p.token0, p.token1].sort().join() === [weth, usdc].sort().join())!;
    close(wethUsdc.tvl_usd, 20_000_000, 0.05);
    const [protocol] = (await m.db.dataSource.query(`SELECT tvl_usd FROM protocol_stats WHERE chain_id = $1 AND slug = 'uniswap-v2'`, [CHAIN_ID])) as { tvl_usd: number }[];
    close(protocol!.tvl_usd, pools.reduce((sum, p) => sum + p.tvl_usd, 0), 1e-12);
    const [snapshot] = (await m.db.dataSource.query(`SELECT tvl_usd FROM tvl_snapshots WHERE chain_id = $1 AND slug = 'uniswap-v2'`, [CHAIN_ID])) as { tvl_usd: number }[];
    expect(snapshot!.tvl_usd).toBe(protocol!.tvl_usd);
  });

  it('sums 24h volume and fees of the swaps on chain x current prices', async () => {
    const logs = await m.fixture.clients.publicClient.getContractEvents({
      abi: uniswapV2PairAbi, eventName: 'Swap', fromBlock: 0n, toBlock: BigInt(m.head.number),
      address: m.fixture.deployment.uniswapV2.pairs.map((p) => p.address),
    });
    expect(logs.length).toBeGreaterThan(0);
    let total = 0;
    for (const pool of pools) {
      let volume = 0;
      for (const log of logs.filter((l) => l.address.toLowerCase() === pool.address)) {
        const { amount0In, amount1In, amount0Out, amount1Out } = log.args as Record<string, bigint>;
        const sides = [value0(pool.token0, amount0In! + amount0Out!), value0(pool.token1, amount1In! + amount1Out!)].filter((v): v is number => v !== null);
        volume += sides.length === 0 ? 0 : sides.reduce((a, b) => a + b, 0) / sides.length;
      }
      close(pool.volume_usd_24h, volume, 1e-9);
      close(pool.fees_usd_24h, volume * 0.003, 1e-9);
      total += volume;
    }
    expect(total).toBeGreaterThan(0);
    function value0(token: string, raw: bigint): number | null {
      const p = prices.get(token)!;
      return p.price_usd === null ? null : (Number(raw) / 10 ** p.decimals) * p.price_usd;
    }
  });

  it('lets two workers refresh the same chain at once without conflicts, leaving the same rows', async () => {
    const jobs = [0, 1].map(() => createMarketJob({ common: testCommon(), db: m.db, pubsub: createMemoryPubSub(), chainIds: [CHAIN_ID], pollIntervalMs: 600_000 }));
    await Promise.all([...jobs, ...jobs].map((job) => job.refresh(CHAIN_ID)));
    const after = (await m.db.dataSource.query('SELECT * FROM pool_stats WHERE chain_id = $1', [CHAIN_ID])) as PoolRow[];
    const strip = (rows: PoolRow[]) => rows.map(({ address, reserve0, reserve1, tvl_usd }) => ({ address, reserve0, reserve1, tvl_usd })).sort((a, b) => a.address.localeCompare(b.address));
    expect(strip(after)).toEqual(strip(pools));
    await Promise.all(jobs.map((job) => job.stop()));
  });
});
