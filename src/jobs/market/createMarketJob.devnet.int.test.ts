import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { createPublicClient, erc20Abi, http, type Address } from 'viem';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseChainsFile, type ChainConfig } from '../../config/chainsFile.js';
import { aaveV3OracleAbi } from '../../devnet/protocols/aaveV3Abis.js';
import { startDevnet, type Devnet } from '../../devnet/startDevnet.js';
import { createMemoryPubSub } from '../../pubsub/createMemoryPubSub.js';
import { openTestDatabase } from '../../../test/helpers/database.js';
import { startIndexer, testCommon, waitIndexed } from '../../../test/helpers/indexing.js';
import type { MarketState } from './computeMarketState.js';
import { createMarketJob } from './createMarketJob.js';
import { rpc } from '../../../test/helpers/rpc.js';
import { loadLendingInputs, type LoadedLendingReserve } from './loadLendingInputs.js';

const HISTORY_SEC = 20 * 60;

// The simulator's lenders, borrowers and liquidators (seeded), replayed from the index and compared with the chain.
describe('oracle prices and Aave V3 reserves over the devnet simulator\'s history', () => {
  let devnet: Devnet;
  let dir: string;
  let db: Awaited<ReturnType<typeof openTestDatabase>>;
  let chain: ChainConfig;
  let head: { number: number; hash: string };
  let reserves: LoadedLendingReserve[];
  let counts: Record<string, number>;
  let state: MarketState;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'lending-devnet-'));
    devnet = await startDevnet({ seed: 7, history: { durationSec: HISTORY_SEC }, live: false, manifestPath: join(dir, 'devnet.json'), logger: pino({ level: 'silent' }) });
    [chain] = parseChainsFile(JSON.stringify({ chains: [devnet.manifest.chains[0]] }), 'devnet manifest') as [ChainConfig];
    db = await openTestDatabase('postgres');
    const indexer = await startIndexer(db, { ...chain, pollIntervalMs: 100 });
    const block = await rpc<{ number: string; hash: string }>(chain.rpcUrls[0]!, 'eth_getBlockByNumber', ['latest', false]);
    head = { number: Number(block.number), hash: block.hash };
    await waitIndexed(db, chain.chainId, head, 240_000);
    await indexer.stop();
    const timestamp = await rpc<{ timestamp: string }>(chain.rpcUrls[0]!, 'eth_getBlockByNumber', [block.number, false]);
    reserves = await loadLendingInputs(db, chain.chainId, head.number, Number(timestamp.timestamp));
    const job = createMarketJob({ common: testCommon(), db, pubsub: createMemoryPubSub(), chainIds: [chain.chainId], pollIntervalMs: 600_000, priceFeeds: new Map([[chain.chainId, chain.priceFeeds ?? []]]), history: { enabled: false } });
    state = await job.refresh(chain.chainId);
    await job.stop();
    counts = {};
    for (const table of ['aave_v3_supplies', 'aave_v3_borrows', 'aave_v3_repays', 'aave_v3_liquidations', 'aave_v3_reserve_data_updates']) {
      const [row] = (await db.dataSource.query(`SELECT count(*)::int AS n FROM ${table} WHERE chain_id = $1`, [chain.chainId])) as { n: number }[];
      counts[table] = row!.n;
    }
  }, 600_000);

  afterAll(async () => {
    await db?.dispose();
    await devnet?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('matches every reserve\'s aToken holding and debt tokens\' totalSupply at the head block', async () => {
    const client = createPublicClient({ transport: http(chain.rpcUrls[0]) });
    const at = { blockNumber: BigInt(head.number) };
    const markets = devnet.manifest.chains[0]!.markets;
    let borrowed = 0;
    for (const market of markets) {
      const reserve = reserves.find((r) => r.reserve === market.asset.toLowerCase());
      const balance = await client.readContract({ address: market.asset, abi: erc20Abi, functionName: 'balanceOf', args: [market.aToken], ...at });
      const supply = (address: Address) => client.readContract({ address, abi: erc20Abi, functionName: 'totalSupply', ...at });
      const debt = (await supply(market.variableDebtToken)) + (await supply(market.stableDebtToken));
      expect(reserve?.availableRaw ?? 0n, `${market.symbol} holding`).toBe(balance);
      expect((reserve?.variableDebtRaw ?? 0n) + (reserve?.stableDebtRaw ?? 0n), `${market.symbol} debt`).toBe(debt);
      if (debt > 0n) borrowed++;
    }
    expect(borrowed).toBeGreaterThan(0);
    expect(counts.aave_v3_borrows).toBeGreaterThan(0);
    expect(counts.aave_v3_repays).toBeGreaterThan(0);
    // Seed 7's 20 minutes hold 38 supplies, 12 borrows, 3 repays and 4 liquidations on chain 1.
    expect(counts.aave_v3_liquidations).toBeGreaterThan(0);
  });

  it('prices each Aave asset from the feed the Aave oracle reads at the head block (the newest of several) while it is fresh', async () => {
    const client = createPublicClient({ transport: http(chain.rpcUrls[0]) });
    const manifest = devnet.manifest.chains[0]!;
    expect(manifest.priceFeeds.length).toBeGreaterThan(manifest.markets.length);
    const read = (functionName: 'getAssetPrice' | 'getSourceOfAsset', asset: Address) =>
      client.readContract({ address: manifest.contracts.AaveOracle!, abi: aaveV3OracleAbi, functionName, args: [asset], blockNumber: BigInt(head.number) });
    let fromOracle = 0;
    for (const market of manifest.markets) {
      const source = String(await read('getSourceOfAsset', market.asset)).toLowerCase();
      const [answer] = (await db.dataSource.query('SELECT updated_at_sec::text AS t FROM price_feed_answers WHERE chain_id = $1 AND address = $2', [chain.chainId, source])) as { t: string }[];
      const price = state.prices.find((p) => p.address === market.asset.toLowerCase())!;
      // The simulator pushes a stablecoin only when it moves 10 bps or its heartbeat expires: its deployment feed can be stale.
      if (state.timestampSec - Number(answer!.t) > 3600) {
        expect(price.priceUsd !== null && price.source, market.symbol).not.toBe('oracle');
        continue;
      }
      fromOracle++;
      expect(price, market.symbol).toMatchObject({ source: 'oracle', feed: source, priceUsd: Number(await read('getAssetPrice', market.asset)) / 1e8 });
    }
    // Seed 7: WETH, WBTC and LINK were pushed during the 20 minutes (4 to 6 feeds each); the stables were not.
    expect(fromOracle).toBe(3);
  });
});
