import { pino } from 'pino';
import type { Address, TransactionReceipt } from 'viem';
import { createTxSender } from '../../activity/createTxSender.js';
import { startAnvil, type Anvil } from '../../anvil/startAnvil.js';
import { createDevnetClients, type DevnetClients } from '../../clients.js';
import { DEVNET_TOKEN_SPECS, ETH_REFERENCE_PRICE_USD, deployTokens, type DevnetToken } from '../../protocols/tokens.js';
import { DEVNET_V2_POOL_SPECS, deployUniswapV2, type UniswapV2Deployment } from '../../protocols/uniswapV2.js';
import { WETH_TOKEN, deployWeth } from '../../protocols/weth.js';
import { createRandom, deriveSeed, type Random } from '../../utils/random.js';
import type { Agent, Label, PendingLabel, SimDeployment, SimWorld, TickInfo } from '../types.js';
import { createHarnessPriceWorld, type HarnessPriceWorld } from './testHarnessPrices.js';

const BLOCK_TIME_SEC = 12n;

/** Options of {@link startTestHarness}. */
export interface TestHarnessOptions {
  /** Seeds the price path and each agent's `Random` stream. */
  seed: number;
  /** Default 1. */
  chainId?: number;
  /** Agents in acting order within their phase (`users` first, then `searchers`). */
  agents: readonly Agent[];
  /** Per-tick volatility of the price walk. Default 0.015. */
  volatility?: number;
}

/** A pending label that could not be confirmed, and why. */
export interface RejectedLabel {
  label: PendingLabel;
  reason: 'not_mined' | 'not_same_block' | 'reverted';
}

/** What the harness deploys: the first steps of `deployDevnetChain`, so the same addresses. */
export interface HarnessDeployment {
  weth: Address;
  /** WETH first, then the ERC-20s in deployment order. */
  tokens: DevnetToken[];
  uniswapV2: UniswapV2Deployment;
  /** The block after the last deployment transaction. */
  deployedAtBlock: number;
}

/** A minimal market-simulator tick loop for agent tests: one fresh anvil, V2 only. */
export interface TestHarness {
  anvil: Anvil;
  world: SimWorld;
  prices: HarnessPriceWorld;
  deployment: HarnessDeployment;
  /** Confirmed labels, in the order they were confirmed. */
  labels: Label[];
  rejected: RejectedLabel[];
  /** Runs one tick (price step, users, searchers, `evm_mine`, confirmation); returns its confirmed labels. */
  tick(): Promise<Label[]>;
  /** Runs `ticks` ticks; returns the labels they confirmed. */
  run(ticks: number): Promise<Label[]>;
  /** Stops anvil. */
  stop(): Promise<void>;
}

/**
 * Starts anvil, deploys WETH9, the devnet ERC-20s and Uniswap V2 with automining (the same contracts and
 * addresses as the first steps of `deployDevnetChain`; V3 and Aave are left out: these agents trade V2 only and
 * the tests stay fast), runs every agent's
 * `setup`, then turns automining off. Each tick then follows the orchestrator's contract (types.ts): step prices,
 * users act, searchers act, mine one block, confirm labels from receipts. Only for this folder's tests.
 * @throws {AnvilStartError | DevnetTransactionError} when the chain cannot be started or deployed.
 */
export async function startTestHarness(options: TestHarnessOptions): Promise<TestHarness> {
  const chainId = options.chainId ?? 1;
  const anvil = await startAnvil({ chainId });
  try {
    const clients = createDevnetClients({ rpcUrl: anvil.rpcUrl, chainId, name: `harness-${chainId}` });
    const deployment = await deployV2Chain(clients);
    const prices = createHarnessPriceWorld({ seed: options.seed, tokens: deployment.tokens, volatility: options.volatility });
    const world: SimWorld = {
      chainId,
      clients,
      deployment: toSimDeployment(deployment),
      prices,
      sender: createTxSender(clients.publicClient, chainId),
      logger: pino({ level: 'silent' }),
    };
    await setBaseFeeFromLatest(world);
    for (const agent of options.agents) await agent.setup(world);
    await clients.testClient.setAutomine(false);
    const randoms = options.agents.map((agent, index) => createRandom(deriveSeed(options.seed, `${chainId}:${agent.kind}:${index}`)));
    const harness: TestHarness = {
      anvil,
      world,
      prices,
      deployment,
      labels: [],
      rejected: [],
      tick: () => runTick(harness, options.agents, randoms),
      async run(ticks) {
        const confirmed: Label[] = [];
        for (let index = 0; index < ticks; index++) confirmed.push(...(await harness.tick()));
        return confirmed;
      },
      stop: () => anvil.stop(),
    };
    return harness;
  } catch (error) {
    await anvil.stop();
    throw error;
  }
}

async function deployV2Chain(clients: DevnetClients): Promise<HarnessDeployment> {
  const weth = await deployWeth(clients);
  const erc20s = await deployTokens(clients, DEVNET_TOKEN_SPECS);
  const tokens: DevnetToken[] = [{ ...WETH_TOKEN, referencePriceUsd: ETH_REFERENCE_PRICE_USD, address: weth }, ...erc20s];
  const uniswapV2 = await deployUniswapV2(clients, { weth, tokens, pools: DEVNET_V2_POOL_SPECS });
  const deployedAtBlock = Number(await clients.publicClient.getBlockNumber({ cacheTime: 0 }));
  return { weth, tokens, uniswapV2, deployedAtBlock };
}

function toSimDeployment(deployment: HarnessDeployment): SimDeployment {
  const { factory, router, pairs } = deployment.uniswapV2;
  return { weth: deployment.weth, tokens: deployment.tokens, v2: { factory, router, pairs } };
}

async function setBaseFeeFromLatest(world: SimWorld) {
  const latest = await world.clients.publicClient.getBlock({ blockTag: 'latest' });
  world.sender.setBaseFee(latest.baseFeePerGas ?? 1_000_000_000n);
  return latest;
}

async function runTick(harness: TestHarness, agents: readonly Agent[], randoms: readonly Random[]): Promise<Label[]> {
  const { world, prices } = harness;
  prices.step();
  const latest = await setBaseFeeFromLatest(world);
  const tick: TickInfo = { index: prices.tick - 1, blockNumber: latest.number + 1n, timestampSec: latest.timestamp + BLOCK_TIME_SEC };
  const pending: PendingLabel[] = [];
  for (const phase of ['users', 'searchers'] as const) {
    for (const [index, agent] of agents.entries()) {
      if (agent.phase === phase) pending.push(...(await agent.act(world, tick, randoms[index] as Random)));
    }
  }
  // A fixed block time, not the wall clock: a V2 swap in the same second as the pool's last update skips the
  // price-accumulator writes, so gas used, base fees and every later transaction hash would depend on timing.
  await world.clients.testClient.setNextBlockTimestamp({ timestamp: tick.timestampSec });
  await world.clients.testClient.request({ method: 'evm_mine', params: undefined });
  const confirmed: Label[] = [];
  for (const label of pending) {
    const result = await confirmLabel(world, label, tick.blockNumber);
    if ('reason' in result) harness.rejected.push(result);
    else confirmed.push(result);
  }
  harness.labels.push(...confirmed);
  return confirmed;
}

async function confirmLabel(world: SimWorld, label: PendingLabel, blockNumber: bigint): Promise<Label | RejectedLabel> {
  const receipts = await Promise.all(
    label.txHashes.map((hash) => world.clients.publicClient.getTransactionReceipt({ hash }).catch(() => undefined)),
  );
  const mined = receipts.filter((receipt): receipt is TransactionReceipt => receipt !== undefined);
  if (mined.length !== receipts.length) return { label, reason: 'not_mined' };
  if (!label.spansBlocks && mined.some((receipt) => receipt.blockNumber !== blockNumber)) return { label, reason: 'not_same_block' };
  if (!label.allowReverted && mined.some((receipt) => receipt.status !== 'success')) return { label, reason: 'reverted' };
  const block = mined.reduce((last, receipt) => (receipt.blockNumber > last ? receipt.blockNumber : last), 0n);
  const { allowReverted: _allowReverted, spansBlocks: _spansBlocks, ...rest } = label;
  return { ...rest, chainId: world.chainId, block: Number(block) };
}
