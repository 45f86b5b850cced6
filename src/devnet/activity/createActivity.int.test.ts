import { pino } from 'pino';
import { parseAbiItem, type Address } from 'viem';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAnvil, type Anvil } from '../anvil/startAnvil.js';
import { createDevnetClients, type DevnetClients } from '../clients.js';
import { deployDevnetChain, type DevnetChainDeployment } from '../deployDevnetChain.js';
import { createActivity, type Activity } from './createActivity.js';

const transferEvent = parseAbiItem('event Transfer(address indexed from, address indexed to, uint256 value)');
const swapEvent = parseAbiItem(
  'event Swap(address indexed sender, uint256 amount0In, uint256 amount1In, uint256 amount0Out, uint256 amount1Out, address indexed to)',
);
const ACTIVITY_BLOCKS = 12;

interface Chain {
  anvil: Anvil;
  clients: DevnetClients;
  deployment: DevnetChainDeployment;
  activity: Activity;
  logs: string[];
}

async function startChain(seed: number): Promise<Chain> {
  const anvil = await startAnvil({ chainId: 1 });
  const clients = createDevnetClients({ rpcUrl: anvil.rpcUrl, chainId: 1, name: 'ethereum' });
  const deployment = await deployDevnetChain(clients);
  const logs: string[] = [];
  const logger = pino({ level: 'warn' }, { write: (line: string) => logs.push(line) });
  const activity = createActivity({ clients, deployment, seed, blockTimeMs: 40, logger });
  await activity.start();
  return { anvil, clients, deployment, activity, logs };
}

async function waitForBlock(chain: Chain, block: bigint): Promise<void> {
  const deadline = Date.now() + 30_000;
  while ((await chain.clients.publicClient.getBlockNumber({ cacheTime: 0 })) < block) {
    if (Date.now() > deadline) throw new Error(`block ${block} not reached`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

async function transactionsOf(chain: Chain, from: bigint, to: bigint) {
  const txs = [];
  for (let number = from; number <= to; number++) {
    const block = await chain.clients.publicClient.getBlock({ blockNumber: number, includeTransactions: true });
    txs.push(...block.transactions.map(({ from, to, nonce, input, value }) => ({ from, to, nonce, input, value })));
  }
  return txs.sort((a, b) => a.from.localeCompare(b.from) || a.nonce - b.nonce);
}

describe('createActivity() on anvil', () => {
  let a: Chain;
  let b: Chain;
  let lastBlock: bigint;

  beforeAll(async () => {
    [a, b] = await Promise.all([startChain(7), startChain(7)]);
    lastBlock = BigInt(a.deployment.deployedAtBlock + ACTIVITY_BLOCKS);
    await Promise.all([waitForBlock(a, lastBlock), waitForBlock(b, lastBlock)]);
  });
  afterAll(async () => {
    await Promise.all([a, b].map(async (chain) => {
      await chain?.activity.stop();
      await chain?.anvil.stop();
    }));
  });

  it('mines blocks holding ERC-20 Transfers and Uniswap V2 Swaps through the router', async () => {
    const { publicClient } = a.clients;
    const fromBlock = BigInt(a.deployment.deployedAtBlock + 2); // after trader funding
    const tokens = a.deployment.tokens.map((token) => token.address);
    const pairs: Address[] = a.deployment.uniswapV2.pairs.map((pair) => pair.address);
    const transfers = await publicClient.getLogs({ address: tokens, event: transferEvent, fromBlock, toBlock: lastBlock });
    const swaps = await publicClient.getLogs({ address: pairs, event: swapEvent, fromBlock, toBlock: lastBlock });
    expect(transfers.length).toBeGreaterThan(5);
    expect(swaps.length).toBeGreaterThan(3);
    expect(new Set(swaps.map((log) => log.args.sender))).toEqual(new Set([a.deployment.uniswapV2.router]));
    const blocksWithLogs = new Set([...transfers, ...swaps].map((log) => log.blockNumber));
    expect(blocksWithLogs.size).toBeGreaterThan(ACTIVITY_BLOCKS / 2);
  });

  it('sends every transaction successfully and mines one block per tick', () => {
    const stats = a.activity.stats();
    expect(stats).toMatchObject({ failedTicks: 0, txRejected: 0 });
    expect(stats.txReverted).toBeLessThanOrEqual(stats.txSent / 10);
    expect(stats.txSent).toBeGreaterThanOrEqual(stats.ticks * 2 - 2);
  });

  it('replays the same transactions for the same seed', async () => {
    const from = BigInt(a.deployment.deployedAtBlock + 1);
    const [txsA, txsB] = await Promise.all([transactionsOf(a, from, lastBlock), transactionsOf(b, from, lastBlock)]);
    expect(txsA.length).toBeGreaterThan(ACTIVITY_BLOCKS * 2);
    expect(txsB).toEqual(txsA);
  });

  it('logs a failing tick and keeps mining', async () => {
    // Break one pair: ticks that swap on it fail reading reserves, the others go on.
    await a.clients.testClient.setCode({ address: a.deployment.uniswapV2.pairs[0]!.address, bytecode: '0x' });
    const before = a.activity.stats();
    const deadline = Date.now() + 30_000;
    while (a.activity.stats().failedTicks === 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
    const head = await a.clients.publicClient.getBlockNumber({ cacheTime: 0 });
    await waitForBlock(a, head + 3n);
    expect(a.activity.stats().failedTicks).toBeGreaterThan(0);
    expect(a.activity.stats().ticks).toBeGreaterThan(before.ticks + 3);
    expect(a.logs.some((line) => line.includes('tick failed'))).toBe(true);
  });

  it('stop() waits for the in-flight tick, then no more blocks are mined', async () => {
    await b.activity.stop();
    const stoppedAt = await b.clients.publicClient.getBlockNumber({ cacheTime: 0 });
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(await b.clients.publicClient.getBlockNumber({ cacheTime: 0 })).toBe(stoppedAt);
    expect(await b.clients.publicClient.getBlock({ blockTag: 'pending' }).then((block) => block.transactions.length)).toBe(0);
    await b.activity.stop(); // idempotent
  });
});
