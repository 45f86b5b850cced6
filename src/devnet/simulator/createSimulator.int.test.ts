import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { getAbiItem, parseEventLogs, type Address, type PublicClient, type TransactionReceipt } from 'viem';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { erc20Abi, uniswapV2PairAbi } from '../abis.js';
import { startAnvil, type Anvil } from '../anvil/startAnvil.js';
import { createDevnetClients, type DevnetClients } from '../clients.js';
import { deployDevnetChain, type DevnetChainDeployment } from '../deployDevnetChain.js';
import { aaveV3OracleAbi, aaveV3PoolAbi } from '../protocols/aaveV3Abis.js';
import { v3PoolAbi } from '../protocols/uniswapV3Abis.js';
import { createArbitrageurAgent } from './agents/arbitrageurAgent.js';
import { createBorrowerAgent } from './agents/borrowerAgent.js';
import { createLenderAgent } from './agents/lenderAgent.js';
import { createLiquidatorAgent } from './agents/liquidatorAgent.js';
import { createLiquidityProviderAgent } from './agents/liquidityProviderAgent.js';
import { createRetailAgent } from './agents/retailAgent.js';
import { createWhaleAgent } from './agents/whaleAgent.js';
import { createLabelSink } from './createLabelSink.js';
import { createSimulator, type Simulator } from './createSimulator.js';
import { eventsOf, pricesAroundLabel, receiptsBySender } from './testing/chainChecks.js';
import type { Agent, AgentKind, Label } from './types.js';

const SEED = 11;
const TICKS = 60;
const SHOCK_TICK = 20;

describe('createSimulator() with the market agents, fast-forwarded on anvil', () => {
  let anvil: Anvil;
  let clients: DevnetClients;
  let client: PublicClient;
  let deployment: DevnetChainDeployment;
  let simulator: Simulator;
  let agents: Agent[];
  let labels: Label[];
  let dir: string;
  let bySender: Map<string, TransactionReceipt[]>;
  const receiptsOf = (kind: AgentKind) => agents.filter((agent) => agent.kind === kind).flatMap((agent) => agent.wallets.flatMap((wallet) => bySender.get(wallet.address.toLowerCase()) ?? []));
  const token = (address: string) => deployment.tokens.find((candidate) => candidate.address.toLowerCase() === address.toLowerCase())!;
  const poolTokens = (pool: string) => {
    const found = [...deployment.uniswapV2.pairs, ...deployment.uniswapV3.pools].find((candidate) => candidate.address.toLowerCase() === pool.toLowerCase())!;
    return [token(found.token0), token(found.token1)] as const;
  };

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'simulator-'));
    anvil = await startAnvil({ chainId: 1 });
    clients = createDevnetClients({ rpcUrl: anvil.rpcUrl, chainId: 1, name: 'ethereum' });
    client = clients.publicClient;
    deployment = await deployDevnetChain(clients);
    const common = { seed: SEED, chainId: 1 };
    // Busier than the defaults so that a minute of blocks shows every behaviour.
    agents = [
      createRetailAgent(common),
      createLiquidityProviderAgent({ ...common, rate: 4 }),
      createWhaleAgent({ ...common, rate: 8 }),
      createLenderAgent({ ...common, rate: 6 }),
      createBorrowerAgent({ ...common, rate: 4 }),
      createLiquidatorAgent(common),
      createArbitrageurAgent(common),
    ];
    const sink = await createLabelSink({ path: join(dir, 'labels.jsonl') });
    simulator = createSimulator({
      clients, deployment, seed: SEED, agents, labels: sink, logger: pino({ level: 'silent' }),
      history: { durationSec: TICKS * 12 },
      prices: { scheduledShocks: [{ tick: SHOCK_TICK, symbol: 'WETH', factor: 0.8 }] },
    });
    await simulator.setup();
    await simulator.runHistory();
    labels = (await readFile(join(dir, 'labels.jsonl'), 'utf8')).trim().split('\n').map((line) => JSON.parse(line) as Label);
    bySender = await receiptsBySender(client, BigInt(deployment.deployedAtBlock + 1), await client.getBlockNumber({ cacheTime: 0 }));
  });
  afterAll(async () => {
    await simulator?.stop();
    await anvil?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it('mines one block per tick, 12 s apart, with no failed ticks or agents', async () => {
    const stats = simulator.stats();
    expect(stats).toMatchObject({ ticks: TICKS, historyTicks: TICKS, failedTicks: 0, failedActs: 0, txRejected: 0 });
    expect(stats.txMined).toBeGreaterThan(TICKS * 4);
    expect(stats.txReverted).toBeLessThan(stats.txMined / 20);
    const last = await client.getBlock({ blockNumber: stats.lastBlockNumber! });
    const previous = await client.getBlock({ blockNumber: stats.lastBlockNumber! - 1n });
    expect(last.timestamp - previous.timestamp).toBe(12n);
  });

  it('confirms every label in its block: all transactions mined there and successful', async () => {
    expect(labels.length).toBeGreaterThan(3);
    for (const label of labels) {
      for (const hash of label.txHashes) {
        const receipt = await client.getTransactionReceipt({ hash });
        expect(receipt).toMatchObject({ status: 'success', blockNumber: BigInt(label.block) });
      }
    }
  });

  it('retail traders swap on Uniswap V2 and V3', () => {
    const receipts = receiptsOf('retail');
    expect(eventsOf(receipts, uniswapV2PairAbi, 'Swap').length).toBeGreaterThan(10);
    expect(eventsOf(receipts, v3PoolAbi, 'Swap').length).toBeGreaterThan(5);
  });

  it('liquidity providers add and remove liquidity on both protocols', () => {
    const receipts = receiptsOf('liquidity_provider');
    expect(eventsOf(receipts, uniswapV2PairAbi, 'Mint').length).toBeGreaterThan(0);
    expect(eventsOf(receipts, v3PoolAbi, 'Mint').length).toBeGreaterThan(0);
    expect(eventsOf(receipts, uniswapV2PairAbi, 'Burn').length + eventsOf(receipts, v3PoolAbi, 'Burn').length).toBeGreaterThan(0);
  });

  it('an lp_migration removed liquidity from one pool and added it to another', async () => {
    const migrations = labels.filter((label) => label.kind === 'lp_migration');
    expect(migrations.length).toBeGreaterThan(0);
    for (const label of migrations) {
      const receipts = await Promise.all(label.txHashes.map((hash) => client.getTransactionReceipt({ hash })));
      const [from, to] = label.targets;
      const burns = [...eventsOf(receipts, uniswapV2PairAbi, 'Burn', from), ...eventsOf(receipts, v3PoolAbi, 'Burn', from)];
      const mints = [...eventsOf(receipts, uniswapV2PairAbi, 'Mint', to), ...eventsOf(receipts, v3PoolAbi, 'Mint', to)];
      expect(from).not.toBe(to);
      expect(burns.length, `burn on ${from}`).toBeGreaterThan(0);
      expect(mints.length, `mint on ${to}`).toBeGreaterThan(0);
    }
  });

  it('whales move at least a million dollars at once', () => {
    const receipts = receiptsOf('whale');
    const transfers = eventsOf(receipts, erc20Abi, 'Transfer') as unknown as { address: string; args: { value: bigint } }[];
    const largest = Math.max(...transfers.map((log) => {
      const t = token(log.address);
      return (Number(log.args.value) / 10 ** t.decimals) * t.referencePriceUsd;
    }), 0);
    expect(largest).toBeGreaterThan(900_000);
  });

  it('lenders supply and borrowers borrow on Aave', () => {
    expect(eventsOf(receiptsOf('lender'), aaveV3PoolAbi, 'Supply').length).toBeGreaterThan(4);
    expect(eventsOf(receiptsOf('borrower'), aaveV3PoolAbi, 'Borrow').length).toBeGreaterThan(4);
  });

  it('the keeper pushes the shocked ETH price to the Aave oracle', async () => {
    const updates = await client.getLogs({ address: deployment.aaveV3.oracle, event: getAbiItem({ abi: aaveV3OracleAbi, name: 'AssetSourceUpdated' }), fromBlock: BigInt(deployment.deployedAtBlock) });
    expect(updates.length).toBeGreaterThan(0);
    const price = await client.readContract({ address: deployment.aaveV3.oracle, abi: aaveV3OracleAbi, functionName: 'getAssetPrice', args: [deployment.weth] });
    expect(Number(price) / 1e8 / simulator.prices.priceUsd('WETH')).toBeCloseTo(1, 2);
  });

  it('a labelled liquidation emitted LiquidationCall for the labelled borrower, after the shock made it liquidatable', async () => {
    const liquidations = labels.filter((label) => label.kind === 'liquidation');
    expect(liquidations.length).toBeGreaterThan(0);
    for (const label of liquidations) {
      const receipt = await client.getTransactionReceipt({ hash: label.txHashes[0]! });
      const [event] = parseEventLogs({ abi: aaveV3PoolAbi, logs: receipt.logs, eventName: 'LiquidationCall' });
      expect(event?.args.user.toLowerCase()).toBe(label.actors[1]);
      expect(event?.args.liquidator.toLowerCase()).toBe(label.actors[0]);
      expect(event?.args.debtAsset.toLowerCase()).toBe(label.targets[2]);
      expect(Number(label.meta?.['healthFactor'])).toBeLessThan(1);
    }
  });

  it('an arbitrage touched two pools and left both prices closer to the reference', async () => {
    const arbitrages = labels.filter((label) => label.kind === 'arbitrage');
    expect(arbitrages.length).toBeGreaterThan(0);
    for (const label of arbitrages) {
      const receipts = await Promise.all(label.txHashes.map((hash) => client.getTransactionReceipt({ hash })));
      const touched = new Set(receipts.flatMap((receipt) => [...eventsOf([receipt], uniswapV2PairAbi, 'Swap'), ...eventsOf([receipt], v3PoolAbi, 'Swap')]).map((log) => log.address.toLowerCase()));
      expect([...touched].sort()).toEqual([...label.targets].sort());
      const reference = Number(label.meta?.['referencePrice']);
      for (const pool of label.targets) {
        const [token0, token1] = poolTokens(pool);
        const { before, after } = await pricesAroundLabel(client, label, pool as Address, token0, token1);
        expect(Math.abs(Math.log(after / reference)), `${label.meta?.['pair']} ${pool}`).toBeLessThan(Math.abs(Math.log(before / reference)));
      }
    }
  });
});
