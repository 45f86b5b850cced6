import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWalletClient, erc20Abi, http, maxUint256, parseEther, parseUnits, type Address } from 'viem';
import { mnemonicToAccount } from 'viem/accounts';
import { parseChainsFile, type ChainConfig } from '../../config/chainsFile.js';
import { wethAbi } from '../../devnet/abis.js';
import { buildManifestChain } from '../../devnet/buildManifestChain.js';
import { confirmTransaction } from '../../devnet/confirmTransaction.js';
import { DEVNET_MNEMONIC } from '../../devnet/constants.js';
import { aaveV3OracleAbi } from '../../devnet/protocols/aaveV3Abis.js';
import { borrow, liquidate, repay, setAggregatorPrice, supply, type AaveV3Clients } from '../../devnet/protocols/aaveV3.js';
import { createMarketRepository } from '../../datasources/db/repositories/marketRepository.js';
import { createMemoryPubSub } from '../../pubsub/createMemoryPubSub.js';
import { openTestDatabase } from '../../../test/helpers/database.js';
import { createIndexFixture, type IndexFixture } from '../../../test/helpers/indexFixture.js';
import { startIndexer, testCommon, waitIndexed } from '../../../test/helpers/indexing.js';
import { rpc } from '../../../test/helpers/rpc.js';
import { createMarketJob } from './createMarketJob.js';
import type { MarketState } from './computeMarketState.js';
import { loadLendingInputs, type LoadedLendingReserve } from './loadLendingInputs.js';

const CHAIN_ID = 31_771;

interface PriceRow { address: string; symbol: string; decimals: number; price_usd: number | null; source: string | null }

const relative = (actual: number, expected: number): number => Math.abs(actual - expected) / Math.abs(expected);

describe('the market job on a devnet chain with Aave V3 activity and oracle updates', () => {
  let fixture: IndexFixture;
  let db: Awaited<ReturnType<typeof openTestDatabase>>;
  let head: { number: number; hash: string };
  let headTimestampSec: number;
  let config: ChainConfig;
  let state: MarketState;
  let reserves: LoadedLendingReserve[];
  let prices: Map<string, PriceRow>;
  const newAggregators: Record<string, Address> = {};
  const balanceOf = (tokenAddress: Address, holder: Address) =>
    fixture.clients.publicClient.readContract({ address: tokenAddress, abi: erc20Abi, functionName: 'balanceOf', args: [holder], blockNumber: BigInt(head.number) });
  const totalSupply = (tokenAddress: Address) =>
    fixture.clients.publicClient.readContract({ address: tokenAddress, abi: erc20Abi, functionName: 'totalSupply', blockNumber: BigInt(head.number) });
  const token = (symbol: string): Address => fixture.deployment.tokens.find((t) => t.symbol === symbol)!.address;
  const price = (symbol: string): PriceRow => prices.get(token(symbol).toLowerCase())!;

  beforeAll(async () => {
    fixture = await createIndexFixture(CHAIN_ID);
    db = await openTestDatabase('postgres');
    const { clients, deployment } = fixture;
    const { publicClient, testClient } = clients;
    const aave = deployment.aaveV3;
    await rpc(fixture.anvil.rpcUrl, 'evm_setAutomine', [true]);
    // Aave estimates gas on the pending block: a fixed block interval keeps the mined block's timestamp the same.
    await testClient.setBlockTimestampInterval({ interval: 12 });
    const wallet = (addressIndex: number): AaveV3Clients => ({
      publicClient,
      walletClient: createWalletClient({ chain: clients.chain, transport: http(fixture.anvil.rpcUrl), account: mnemonicToAccount(DEVNET_MNEMONIC, { addressIndex }), pollingInterval: 50 }),
    });
    const [deployer, lender, borrower, risky] = [{ publicClient, walletClient: clients.walletClient }, wallet(1), wallet(2), wallet(3)];
    const mint = (symbol: string, to: Address, amount: bigint) =>
      confirmTransaction(publicClient, clients.walletClient.writeContract({ address: token(symbol), abi: [...erc20Abi, { type: 'function', name: 'mint', stateMutability: 'nonpayable', inputs: [{ name: 'to', type: 'address' }, { name: 'value', type: 'uint256' }], outputs: [] }], functionName: 'mint', args: [to, amount] }), { label: 'mint' });
    const wrap = (who: AaveV3Clients, amount: bigint) => confirmTransaction(publicClient, who.walletClient.writeContract({ address: token('WETH'), abi: wethAbi, functionName: 'deposit', value: amount }), { label: 'wrap' });
    const jump = async (seconds: number) => {
      const latest = await publicClient.getBlock({ blockTag: 'latest' });
      await testClient.setNextBlockTimestamp({ timestamp: latest.timestamp + BigInt(seconds) });
      await testClient.mine({ blocks: 1 });
    };
    const pool = aave.pool;

    await mint('USDC', lender.walletClient.account.address, parseUnits('1000000', 6));
    await mint('DAI', lender.walletClient.account.address, parseUnits('500000', 18));
    await supply(lender, { pool, asset: token('USDC'), amountRaw: parseUnits('1000000', 6) });
    await supply(lender, { pool, asset: token('DAI'), amountRaw: parseUnits('500000', 18) });
    await wrap(borrower, parseEther('100'));
    await supply(borrower, { pool, asset: token('WETH'), amountRaw: parseEther('100') });
    await borrow(borrower, { pool, asset: token('USDC'), amountRaw: parseUnits('100000', 6) });
    await borrow(borrower, { pool, asset: token('DAI'), amountRaw: parseUnits('50000', 18) });
    await jump(10 * 86_400);
    await borrow(lender, { pool, asset: token('WETH'), amountRaw: parseEther('10') });
    await repay(borrower, { pool, asset: token('USDC'), amountRaw: parseUnits('20000', 6) });
    await wrap(risky, parseEther('10'));
    await supply(risky, { pool, asset: token('WETH'), amountRaw: parseEther('10') });
    await borrow(risky, { pool, asset: token('USDC'), amountRaw: parseUnits('23700', 6) });
    // WETH at 2,400 puts the risky position under water; the deployer liquidates half of its debt.
    await setAggregatorPrice(deployer, { oracle: aave.oracle, asset: token('WETH'), priceUsd: 2_400 });
    await mint('USDC', clients.deployer.address, parseUnits('11850', 6));
    await liquidate(deployer, { pool, collateralAsset: token('WETH'), debtAsset: token('USDC'), user: risky.walletClient.account.address, debtToCoverRaw: parseUnits('11850', 6) });
    await jump(3 * 86_400);
    // The newest feed of WETH (+1 % from the pools' 3,000) must win over 3,000 and 2,400; WBTC's new answer is absurd (pools: 60,000).
    newAggregators.WETH = (await setAggregatorPrice(deployer, { oracle: aave.oracle, asset: token('WETH'), priceUsd: 3_030 })).aggregator;
    newAggregators.WBTC = (await setAggregatorPrice(deployer, { oracle: aave.oracle, asset: token('WBTC'), priceUsd: 600 })).aggregator;
    await jump(600);
    // A full repay (interest included) leaves at most dust of scaled debt: the rounding the replay must match.
    await mint('DAI', borrower.walletClient.account.address, parseUnits('1000', 18));
    await repay(borrower, { pool, asset: token('DAI'), amountRaw: maxUint256 });
    await jump(600);

    // The devnet manifest of this chain, through the same parser as CHAINS_CONFIG: feeds keep their asset.
    const feeds = [...Object.entries(aave.aggregators).map(([asset, aggregator]) => ({ asset: asset as Address, aggregator })),
      { asset: token('WETH'), aggregator: newAggregators.WETH }, { asset: token('WBTC'), aggregator: newAggregators.WBTC }];
    const manifestChain = buildManifestChain({ chainId: CHAIN_ID, name: 'lending', rpcUrl: fixture.anvil.rpcUrl, wsUrl: fixture.anvil.wsUrl }, deployment, 64, feeds);
    [config] = parseChainsFile(JSON.stringify({ chains: [{ ...manifestChain, pollIntervalMs: 100 }] }), 'devnet manifest') as [ChainConfig];
    const indexer = await startIndexer(db, config);
    head = await fixture.head();
    await waitIndexed(db, CHAIN_ID, head, 120_000);
    await indexer.stop();
    headTimestampSec = Number((await publicClient.getBlock({ blockNumber: BigInt(head.number) })).timestamp);
    const job = createMarketJob({ common: testCommon(), db, pubsub: createMemoryPubSub(), chainIds: [CHAIN_ID], pollIntervalMs: 600_000, priceFeeds: new Map([[CHAIN_ID, config.priceFeeds ?? []]]), history: { enabled: false } });
    state = await job.refresh(CHAIN_ID);
    await job.stop();
    reserves = await loadLendingInputs(db, CHAIN_ID, head.number, headTimestampSec);
    const rows = (await db.dataSource.query('SELECT address, symbol, decimals, price_usd, source FROM token_prices WHERE chain_id = $1', [CHAIN_ID])) as PriceRow[];
    prices = new Map(rows.map((row) => [row.address, row]));
  }, 600_000);

  afterAll(async () => {
    await db?.dispose();
    await fixture?.stop();
  });

  it('keeps every manifest feed with its asset in the parsed chain config', () => {
    expect(config.priceFeeds).toHaveLength(Object.keys(fixture.deployment.aaveV3.aggregators).length + 2);
    expect(config.priceFeeds).toContainEqual({ aggregator: newAggregators.WETH!.toLowerCase(), asset: token('WETH').toLowerCase(), decimals: 8, heartbeatSec: undefined });
    expect(config.sources.priceFeeds).toContain(newAggregators.WBTC!.toLowerCase());
  });

  it('prices WETH from its newest oracle answer, the one the Aave oracle reads at the same block', async () => {
    const onChain = await fixture.clients.publicClient.readContract({ address: fixture.deployment.aaveV3.oracle, abi: aaveV3OracleAbi, functionName: 'getAssetPrice', args: [token('WETH')], blockNumber: BigInt(head.number) });
    expect(price('WETH')).toMatchObject({ source: 'oracle', price_usd: Number(onChain) / 1e8 });
    expect(price('WETH').price_usd).toBe(3030);
    expect(state.prices.find((p) => p.symbol === 'WETH')).toMatchObject({ feed: newAggregators.WETH!.toLowerCase() });
  });

  it('does not use a stale answer (LINK: its only feed answered 13 days before the head): LINK is priced from pools', async () => {
    const feed = fixture.deployment.aaveV3.aggregators[token('LINK')]!.toLowerCase();
    const answers = (await db.dataSource.query('SELECT updated_at_sec::text AS t FROM price_feed_answers WHERE chain_id = $1 AND address = $2', [CHAIN_ID, feed])) as { t: string }[];
    expect(answers).toHaveLength(1);
    expect(headTimestampSec - Number(answers[0]!.t)).toBeGreaterThan(13 * 86_400);
    expect(price('LINK').source).toBe('pool');
    expect(relative(price('LINK').price_usd!, 15)).toBeLessThan(0.03);
  });

  it('does not use an absurd answer (WBTC at $600 while its deep pools say $60,000)', async () => {
    const onChain = await fixture.clients.publicClient.readContract({ address: fixture.deployment.aaveV3.oracle, abi: aaveV3OracleAbi, functionName: 'getAssetPrice', args: [token('WBTC')], blockNumber: BigInt(head.number) });
    expect(onChain).toBe(600n * 10n ** 8n);
    expect(price('WBTC').source).toBe('pool');
    expect(relative(price('WBTC').price_usd!, 60_000)).toBeLessThan(0.03);
  });

  it('finds every supplied reserve\'s aToken and holds exactly underlying.balanceOf(aToken) at the head block', async () => {
    const aave = fixture.deployment.aaveV3;
    // Reserves nobody touched have no indexed event: they count 0, as on chain.
    expect(reserves.map((r) => r.reserve).sort()).toEqual(['WETH', 'USDC', 'DAI'].map((s) => token(s).toLowerCase()).sort());
    for (const { asset } of aave.reserves) {
      const aToken = aave.aTokens[asset]!;
      const reserve = reserves.find((r) => r.reserve === asset.toLowerCase());
      expect(reserve?.availableRaw ?? 0n).toBe(await balanceOf(asset, aToken));
      if (reserve) expect(reserve.aToken).toBe(aToken.toLowerCase());
    }
    expect(reserves.find((r) => r.reserve === token('USDC').toLowerCase())!.availableRaw).toBeGreaterThan(0n);
  });

  it('replays debt to the debt tokens\' totalSupply at the head block, interest included (exactly; the bar is 0.01 %)', async () => {
    const aave = fixture.deployment.aaveV3;
    let borrowedReserves = 0;
    for (const { asset } of aave.reserves) {
      const onChain = (await totalSupply(aave.variableDebtTokens[asset]!)) + (await totalSupply(aave.stableDebtTokens[asset]!));
      const reserve = reserves.find((r) => r.reserve === asset.toLowerCase());
      const replayed = (reserve?.variableDebtRaw ?? 0n) + (reserve?.stableDebtRaw ?? 0n);
      if (onChain === 0n) expect(replayed).toBe(0n);
      else {
        borrowedReserves++;
        expect(Number(replayed - onChain < 0n ? onChain - replayed : replayed - onChain) / Number(onChain)).toBeLessThanOrEqual(1e-4);
        expect(replayed).toBe(onChain);
      }
    }
    expect(borrowedReserves).toBe(2);
  });

  it('stores aave-v3 with tvl = the sum of balanceOf(aToken) x price and borrowed = debt x price, shown by protocol and chain reads', async () => {
    const aave = fixture.deployment.aaveV3;
    let tvlUsd = 0;
    let borrowedUsd = 0;
    for (const { asset, decimals } of aave.reserves) {
      const p = prices.get(asset.toLowerCase())!.price_usd ?? 0;
      tvlUsd += (Number(await balanceOf(asset, aave.aTokens[asset]!)) / 10 ** decimals) * p;
      const debt = (await totalSupply(aave.variableDebtTokens[asset]!)) + (await totalSupply(aave.stableDebtTokens[asset]!));
      borrowedUsd += (Number(debt) / 10 ** decimals) * p;
    }
    const [row] = (await db.dataSource.query(`SELECT tvl_usd, borrowed_usd FROM protocol_stats WHERE chain_id = $1 AND slug = 'aave-v3'`, [CHAIN_ID])) as { tvl_usd: number; borrowed_usd: number }[];
    expect(relative(row!.tvl_usd, tvlUsd)).toBeLessThan(1e-9);
    expect(relative(row!.borrowed_usd, borrowedUsd)).toBeLessThanOrEqual(1e-4);
    expect(borrowedUsd).toBeGreaterThan(80_000);
    const [snapshot] = (await db.dataSource.query(`SELECT tvl_usd, borrowed_usd FROM tvl_snapshots WHERE chain_id = $1 AND slug = 'aave-v3'`, [CHAIN_ID])) as { tvl_usd: number; borrowed_usd: number }[];
    expect(snapshot).toEqual({ tvl_usd: row!.tvl_usd, borrowed_usd: row!.borrowed_usd });
    const repo = createMarketRepository(db);
    expect(await repo.getProtocol('aave-v3')).toMatchObject({ tvlUsd: row!.tvl_usd, borrowedUsd: row!.borrowed_usd });
    const [chain] = await repo.getChainTotals([CHAIN_ID]);
    const all = (await db.dataSource.query('SELECT tvl_usd FROM protocol_stats WHERE chain_id = $1', [CHAIN_ID])) as { tvl_usd: number }[];
    expect(chain!.borrowedUsd).toBe(row!.borrowed_usd);
    expect(relative(chain!.tvlUsd, all.reduce((sum, r) => sum + r.tvl_usd, 0))).toBeLessThan(1e-12);
  });
});
