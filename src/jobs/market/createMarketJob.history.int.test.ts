import { maxUint256, type Address } from 'viem';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pickSampleBlocks } from '../../analytics/pickSampleBlocks.js';
import { priceTokens } from '../../analytics/priceTokens.js';
import { tokenKey } from '../../analytics/tokenKey.js';
import type { TokenInput, V2PoolState } from '../../analytics/types.js';
import type { Database } from '../../datasources/db/createDatabase.js';
import { erc20Abi, uniswapV2PairAbi, uniswapV2RouterAbi } from '../../devnet/abis.js';
import { createMemoryPubSub } from '../../pubsub/createMemoryPubSub.js';
import { openTestDatabase } from '../../../test/helpers/database.js';
import { createIndexFixture, type IndexFixture } from '../../../test/helpers/indexFixture.js';
import { startIndexer, testCommon, waitIndexed } from '../../../test/helpers/indexing.js';
import { rpc } from '../../../test/helpers/rpc.js';
import type { BackfillReport } from './createMarketBackfill.js';
import { createMarketJob, type MarketJob } from './createMarketJob.js';
import { STABLECOIN_SYMBOLS, WRAPPED_NATIVE_SYMBOLS } from './loadMarketInputs.js';

const CHAIN_ID = 31_611;
const HOUR = 3600;
const DAY = 86_400;
const BLOCK_SEC = 12;

interface TvlRow { bucket: number; tvl: number; block: number }
interface CandleRow { address: string; bucket: number; open: number; high: number; low: number; close: number; block: number }
interface PoolRow { address: string; token0: string; token1: string; v24: number; v7: number; v30: number; f24: number; f7: number; f30: number }

const close = (actual: number, expected: number, relative: number) => expect(Math.abs(actual - expected)).toBeLessThanOrEqual(Math.abs(expected) * relative + 1e-9);
const hex = (n: number) => `0x${n.toString(16)}`;
const bucketOf = (timestampSec: number, size = HOUR) => Math.floor(timestampSec / size) * size;

describe('the market job\'s history on a devnet chain with simulated time', () => {
  let fixture: IndexFixture;
  let db: Database & { dispose(): Promise<void> };
  let job: MarketJob;
  let report: BackfillReport;
  let timestamps: number[]; // block number -> timestamp, every block of the chain
  let headNumber: number;
  let t0: number; // start of the first busy hour
  let tvlRows: TvlRow[];
  let candles: CandleRow[];
  let tokens: TokenInput[];
  const tokenBySymbol = (symbol: string) => fixture.deployment.tokens.find((t) => t.symbol === symbol)!.address.toLowerCase();
  const closes = new Map<string, number>(); // `${address}:${bucket}` -> close

  async function swap(tokenIn: Address, tokenOut: Address, amountIn: bigint | 'balance'): Promise<void> {
    const { walletClient, publicClient, deployer } = fixture.clients;
    let nonce = await publicClient.getTransactionCount({ address: deployer.address, blockTag: 'pending' });
    let amount = amountIn;
    if (amount === 'balance') amount = await publicClient.readContract({ address: tokenIn, abi: erc20Abi, functionName: 'balanceOf', args: [deployer.address], blockTag: 'pending' });
    else await walletClient.writeContract({ address: tokenIn, abi: erc20Abi, functionName: 'mint', args: [deployer.address, amount], nonce: nonce++, gas: 200_000n });
    await walletClient.writeContract({
      address: fixture.deployment.uniswapV2.router, abi: uniswapV2RouterAbi, functionName: 'swapExactTokensForTokens',
      args: [amount, 0n, [tokenIn, tokenOut], deployer.address, maxUint256], nonce, gas: 300_000n,
    });
    const latest = await rpc<{ timestamp: string }>(fixture.anvil.rpcUrl, 'eth_getBlockByNumber', ['latest', false]);
    await rpc(fixture.anvil.rpcUrl, 'evm_mine', [Number(latest.timestamp) + BLOCK_SEC]);
  }

  // Four busy hours of 12 s blocks (5 seeded activity blocks an hour, LINK moved down, up and down again), then a
  // jump of 6 days, a little activity, 2 more days, a little more: ~200 hour buckets, most of them without blocks.
  async function simulate(): Promise<number> {
    const url = fixture.anvil.rpcUrl;
    const latest = await rpc<{ timestamp: string }>(url, 'eth_getBlockByNumber', ['latest', false]);
    const t0 = bucketOf(Number(latest.timestamp)) + 2 * HOUR;
    await rpc(url, 'evm_mine', [t0 + 6]);
    const link = tokenBySymbol('LINK') as Address;
    const weth = tokenBySymbol('WETH') as Address;
    let seed = 100;
    for (let hour = 0; hour < 4; hour++) {
      for (let k = 0; k < 5; k++) {
        await fixture.mine(1, seed++, BLOCK_SEC);
        if (hour === 0 && k === 1) await swap(link, weth, 1000n * 10n ** 18n); // before the moves: valued at hour 0's close
        if (hour === 1 && k === 2) await swap(link, weth, 12_000n * 10n ** 18n); // LINK -20 %
        if (hour === 2 && k === 1) await swap(weth, link, 'balance'); // LINK back up
        if (hour === 2 && k === 3) await swap(link, weth, 15_000n * 10n ** 18n); // and down again: a high inside the hour
        await rpc(url, 'anvil_mine', [hex(58), hex(BLOCK_SEC)]);
      }
    }
    const usdc = tokenBySymbol('USDC') as Address;
    await rpc(url, 'evm_mine', [t0 + 6 * DAY + 100]);
    await fixture.mine(3, seed++, BLOCK_SEC);
    await swap(usdc, weth, 30_000n * 10n ** 6n); // 2 days old at the head: in 7d, not in 24h
    await rpc(url, 'evm_mine', [t0 + 8 * DAY + 200]);
    await fixture.mine(3, seed++, BLOCK_SEC);
    await swap(usdc, weth, 20_000n * 10n ** 6n);
    return t0;
  }

  async function readReserves(blockNumber: number): Promise<V2PoolState[]> {
    return Promise.all(fixture.deployment.uniswapV2.pairs.map(async (pair) => {
      const [reserve0, reserve1] = await fixture.clients.publicClient.readContract({ address: pair.address, abi: uniswapV2PairAbi, functionName: 'getReserves', blockNumber: BigInt(blockNumber) });
      return { kind: 'v2' as const, chainId: CHAIN_ID, address: pair.address.toLowerCase(), token0: pair.token0.toLowerCase(), token1: pair.token1.toLowerCase(), blockNumber, reserve0, reserve1 };
    }));
  }

  /** Prices from pool reserves read from the chain at `blockNumber`, by the same pure pricing as the job. */
  async function chainPrices(blockNumber: number): Promise<Map<string, number | null>> {
    const pools = await readReserves(blockNumber);
    const prices = priceTokens({ tokens, pools, nowSec: timestamps[blockNumber]! });
    return new Map(tokens.map((t) => [t.address, prices.get(tokenKey(CHAIN_ID, t.address))?.priceUsd ?? null]));
  }

  beforeAll(async () => {
    fixture = await createIndexFixture(CHAIN_ID);
    db = await openTestDatabase('postgres');
    t0 = await simulate();
    const head = await fixture.head();
    headNumber = head.number;
    const indexer = await startIndexer(db, fixture.chainConfig());
    try {
      await waitIndexed(db, CHAIN_ID, head, 120_000);
    } finally {
      await indexer.stop();
    }
    timestamps = [];
    for (let from = 0; from <= headNumber; from += 100) {
      const numbers = Array.from({ length: Math.min(100, headNumber - from + 1) }, (_, i) => from + i);
      const blocks = await Promise.all(numbers.map((n) => fixture.clients.publicClient.getBlock({ blockNumber: BigInt(n) })));
      for (const block of blocks) timestamps[Number(block.number)] = Number(block.timestamp);
    }
    tokens = fixture.deployment.tokens.map((t) => ({
      chainId: CHAIN_ID, address: t.address.toLowerCase(), symbol: t.symbol, decimals: t.decimals,
      isStable: STABLECOIN_SYMBOLS.has(t.symbol), isWrappedNative: WRAPPED_NATIVE_SYMBOLS.has(t.symbol),
    }));
    job = createMarketJob({ common: testCommon(), db, pubsub: createMemoryPubSub(), chainIds: [CHAIN_ID], pollIntervalMs: 600_000 });
    await job.start(); // refreshes, then backfills in the background
    report = await job.backfill(CHAIN_ID); // joins it
    await job.refresh(CHAIN_ID); // volume again, now that every hour has its close
    tvlRows = ((await db.dataSource.query(
      `SELECT bucket_start_sec AS bucket, tvl_usd AS tvl, block_number AS block FROM tvl_snapshots WHERE chain_id = $1 AND slug = 'uniswap-v2' ORDER BY 1`, [CHAIN_ID],
    )) as Record<string, string | number>[]).map((r) => ({ bucket: Number(r.bucket), tvl: Number(r.tvl), block: Number(r.block) }));
    candles = ((await db.dataSource.query(
      `SELECT address, bucket_start_sec AS bucket, open_usd AS open, high_usd AS high, low_usd AS low, price_usd AS close, block_number AS block
         FROM price_snapshots WHERE chain_id = $1 ORDER BY address, bucket_start_sec`, [CHAIN_ID],
    )) as Record<string, string | number>[]).map((r) => ({ address: String(r.address), bucket: Number(r.bucket), open: Number(r.open), high: Number(r.high), low: Number(r.low), close: Number(r.close), block: Number(r.block) }));
    for (const c of candles) closes.set(`${c.address}:${c.bucket}`, c.close);
  }, 600_000);
  afterAll(async () => {
    await job?.stop();
    await db?.dispose();
    await fixture?.stop();
  });

  it('writes one hourly TVL snapshot per hour bucket, from the pools\' first block to the head', async () => {
    const [first] = (await db.dataSource.query('SELECT min(block_number) AS block FROM uniswap_v2_syncs WHERE chain_id = $1', [CHAIN_ID])) as { block: string }[];
    const expected: number[] = [];
    for (let bucket = bucketOf(timestamps[Number(first!.block)]!); bucket <= bucketOf(timestamps[headNumber]!); bucket += HOUR) expected.push(bucket);
    expect(expected.length).toBeGreaterThan(190);
    expect(tvlRows.map((r) => r.bucket)).toEqual(expected);
    expect(report.buckets).toBeGreaterThanOrEqual(expected.length - 1);
  });

  it('values each hourly TVL at the pools\' getReserves() at the bucket\'s block x that bucket\'s prices', async () => {
    const pairs = fixture.deployment.uniswapV2.pairs;
    const decimals = new Map(tokens.map((t) => [t.address, t.decimals]));
    for (const row of tvlRows) {
      expect(bucketOf(timestamps[row.block]!)).toBeLessThanOrEqual(row.bucket); // the bucket's block is in it or before it (no block in the hour)
      const lastOfBucket = timestamps.findLastIndex((t) => t < row.bucket + HOUR);
      const [atRow, atEnd] = await Promise.all([readReserves(row.block), readReserves(lastOfBucket)]);
      expect(atRow.map((p) => [p.reserve0, p.reserve1])).toEqual(atEnd.map((p) => [p.reserve0, p.reserve1])); // the state at the bucket's end
      let expected = 0;
      for (const [i, pool] of atRow.entries()) {
        for (const [token, raw] of [[pairs[i]!.token0.toLowerCase(), pool.reserve0], [pairs[i]!.token1.toLowerCase(), pool.reserve1]] as const) {
          const price = closes.get(`${token}:${row.bucket}`);
          if (price !== undefined) expected += (Number(raw) / 10 ** decimals.get(token)!) * price;
        }
      }
      close(row.tvl, expected, 1e-9);
    }
  });

  it('keeps every candle consistent (low <= open, close <= high) and equal to the prices of its sampled blocks', async () => {
    for (const c of candles) {
      expect(c.low).toBeLessThanOrEqual(Math.min(c.open, c.close));
      expect(c.high).toBeGreaterThanOrEqual(Math.max(c.open, c.close));
    }
    // The busy hours: recompute each candle from reserves read on chain at the blocks the backfill samples.
    const link = tokenBySymbol('LINK');
    const busy = [0, 1, 2, 3].map((h) => tvlRows.find((r) => r.bucket === t0 + h * HOUR)!);
    for (const row of busy) {
      const previous = tvlRows[tvlRows.indexOf(row) - 1]!;
      const stored = ((await db.dataSource.query('SELECT number FROM blocks WHERE chain_id = $1 AND number > $2 AND number <= $3 ORDER BY number', [CHAIN_ID, previous.block, row.block])) as { number: string }[]).map((r) => Number(r.number));
      const samples = pickSampleBlocks(stored, 12);
      const series = await Promise.all(samples.map((block) => chainPrices(block)));
      for (const token of [link, tokenBySymbol('WETH'), tokenBySymbol('WBTC')]) {
        const prices = series.map((s) => s.get(token)!);
        const candle = candles.find((c) => c.address === token && c.bucket === row.bucket)!;
        close(candle.open, prices[0]!, 1e-9);
        close(candle.close, prices[prices.length - 1]!, 1e-9);
        close(candle.high, Math.max(...prices), 1e-9);
        close(candle.low, Math.min(...prices), 1e-9);
      }
    }
    const linkCandle = (row: TvlRow) => candles.find((c) => c.address === link && c.bucket === row.bucket)!;
    const [, down, upDown] = busy.map(linkCandle);
    expect(down!.close / down!.open).toBeLessThan(0.9); // the -20 % move inside hour 1
    expect(upDown!.high / Math.max(upDown!.open, upDown!.close)).toBeGreaterThan(1.05); // a high only a mid-hour sample sees
  });

  it('makes each daily row the last hourly row of its day (TVL) and the day\'s OHLC of the hourly candles (prices)', async () => {
    const daily = (await db.dataSource.query(`SELECT bucket_start_sec AS bucket, tvl_usd AS tvl, block_number AS block FROM tvl_snapshots_daily WHERE chain_id = $1 AND slug = 'uniswap-v2' ORDER BY 1`, [CHAIN_ID])) as Record<string, string | number>[];
    const days = [...new Set(tvlRows.map((r) => bucketOf(r.bucket, DAY)))];
    expect(daily.map((d) => Number(d.bucket))).toEqual(days);
    for (const d of daily) {
      const last = tvlRows.filter((r) => bucketOf(r.bucket, DAY) === Number(d.bucket)).pop()!;
      expect({ tvl: Number(d.tvl), block: Number(d.block) }).toEqual({ tvl: last.tvl, block: last.block });
    }
    const dailyCandles = (await db.dataSource.query('SELECT address, bucket_start_sec AS bucket, open_usd AS open, high_usd AS high, low_usd AS low, price_usd AS close FROM price_snapshots_daily WHERE chain_id = $1', [CHAIN_ID])) as Record<string, string | number>[];
    expect(dailyCandles.length).toBeGreaterThan(days.length);
    for (const d of dailyCandles) {
      const hours = candles.filter((c) => c.address === d.address && bucketOf(c.bucket, DAY) === Number(d.bucket));
      expect([Number(d.open), Number(d.high), Number(d.low), Number(d.close)]).toEqual([
        hours[0]!.open, Math.max(...hours.map((h) => h.high)), Math.min(...hours.map((h) => h.low)), hours[hours.length - 1]!.close,
      ]);
    }
  });

  it('sums 24h, 7d and 30d volume and fees of the chain\'s Swap logs, each valued at the close of its hour', async () => {
    const pools = (await db.dataSource.query(
      `SELECT address, token0, token1, volume_usd_24h AS v24, volume_usd_7d AS v7, volume_usd_30d AS v30, fees_usd_24h AS f24, fees_usd_7d AS f7, fees_usd_30d AS f30
         FROM pool_stats WHERE chain_id = $1`, [CHAIN_ID],
    )) as PoolRow[];
    const current = new Map(((await db.dataSource.query('SELECT address, price_usd FROM token_prices WHERE chain_id = $1', [CHAIN_ID])) as { address: string; price_usd: number | null }[]).map((r) => [r.address, r.price_usd]));
    const logs = await fixture.clients.publicClient.getContractEvents({
      abi: uniswapV2PairAbi, eventName: 'Swap', fromBlock: 0n, toBlock: BigInt(headNumber), address: fixture.deployment.uniswapV2.pairs.map((p) => p.address),
    });
    const nowSec = timestamps[headNumber]!;
    const decimals = new Map(tokens.map((t) => [t.address, t.decimals]));
    const totals = { v24: 0, v7: 0, v30: 0, atCurrentPrices30: 0 };
    for (const pool of pools) {
      const sums = { v24: 0, v7: 0, v30: 0, atCurrentPrices30: 0 };
      for (const log of logs.filter((l) => l.address.toLowerCase() === pool.address)) {
        const ts = timestamps[Number(log.blockNumber)]!;
        const { amount0In, amount1In, amount0Out, amount1Out } = log.args as Record<string, bigint>;
        const value = (price: (token: string) => number | null | undefined) => {
          const sides = ([[pool.token0, amount0In! + amount0Out!], [pool.token1, amount1In! + amount1Out!]] as const).flatMap(([token, raw]) => {
            const p = price(token);
            return p === null || p === undefined ? [] : [(Number(raw) / 10 ** decimals.get(token)!) * p];
          });
          return sides.length === 0 ? 0 : sides.reduce((a, b) => a + b, 0) / sides.length;
        };
        const atItsHour = value((token) => closes.get(`${token}:${bucketOf(ts)}`));
        if (nowSec - ts < DAY) sums.v24 += atItsHour;
        if (nowSec - ts < 7 * DAY) sums.v7 += atItsHour;
        sums.v30 += atItsHour;
        sums.atCurrentPrices30 += value((token) => current.get(token));
      }
      close(Number(pool.v24), sums.v24, 1e-9);
      close(Number(pool.v7), sums.v7, 1e-9);
      close(Number(pool.v30), sums.v30, 1e-9);
      close(Number(pool.f7), sums.v7 * 0.003, 1e-9);
      close(Number(pool.f30), sums.v30 * 0.003, 1e-9);
      for (const key of ['v24', 'v7', 'v30', 'atCurrentPrices30'] as const) totals[key] += sums[key];
    }
    expect(0).toBeLessThan(totals.v24);
    expect(totals.v24).toBeLessThan(totals.v7);
    expect(totals.v7).toBeLessThan(totals.v30);
    // The swaps made before LINK's moves count at the older prices: valuing them today would be off by more than 1 %.
    const linkPool = pools.find((p) => [p.token0, p.token1].includes(tokenBySymbol('LINK')))!;
    const linkLogs = logs.filter((l) => l.address.toLowerCase() === linkPool.address).length;
    expect(linkLogs).toBeGreaterThan(3);
    expect(Math.abs(totals.atCurrentPrices30 / totals.v30 - 1)).toBeGreaterThan(0.01);
  });

  it('neither duplicates nor changes finished buckets when the job restarts', async () => {
    const dump = async () => Promise.all(['tvl_snapshots', 'tvl_snapshots_daily', 'price_snapshots', 'price_snapshots_daily'].map(
      async (table) => db.dataSource.query(`SELECT * FROM ${table} WHERE chain_id = $1 ORDER BY 1, 2, 3`, [CHAIN_ID]) as Promise<unknown[]>,
    ));
    const before = await dump();
    await job.stop();
    job = createMarketJob({ common: testCommon(), db, pubsub: createMemoryPubSub(), chainIds: [CHAIN_ID], pollIntervalMs: 600_000 });
    await job.start();
    const again = await job.backfill(CHAIN_ID);
    expect(again.buckets).toBe(0);
    expect(await dump()).toEqual(before);
  });

  it('recomputes a bucket whose snapshot a live refresh wrote before the hour\'s last block', async () => {
    const dump = async () => Promise.all(['tvl_snapshots', 'price_snapshots', 'price_snapshots_daily'].map(
      async (table) => db.dataSource.query(`SELECT * FROM ${table} WHERE chain_id = $1 ORDER BY 1, 2, 3`, [CHAIN_ID]) as Promise<unknown[]>,
    ));
    const before = await dump();
    const bucket = t0 + 2 * HOUR;
    // What a refresh in the middle of the hour leaves: an older block, another TVL, open and close inside the range.
    await db.dataSource.query('UPDATE tvl_snapshots SET block_number = block_number - 100, tvl_usd = 1 WHERE chain_id = $1 AND bucket_start_sec = $2', [CHAIN_ID, bucket]);
    await db.dataSource.query('UPDATE price_snapshots SET block_number = block_number - 100, open_usd = low_usd, price_usd = low_usd WHERE chain_id = $1 AND bucket_start_sec = $2', [CHAIN_ID, bucket]);
    await job.stop();
    job = createMarketJob({ common: testCommon(), db, pubsub: createMemoryPubSub(), chainIds: [CHAIN_ID], pollIntervalMs: 600_000, history: { enabled: false } });
    const fixed = await job.backfill(CHAIN_ID);
    expect(fixed.buckets).toBe(1);
    expect(await dump()).toEqual(before);
  });
});
