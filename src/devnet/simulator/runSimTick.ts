import type { Hash } from 'viem';
import type { Random } from '../utils/random.js';
import { confirmLabels } from './confirmLabels.js';
import type { LabelSink } from './createLabelSink.js';
import type { OracleFeeder } from './createOracleFeeder.js';
import type { SimPriceWorld } from './priceWorld.js';
import type { Agent, LabelKind, PendingLabel, SimWorld, TickInfo } from './types.js';

/** An agent with its own seeded stream. */
export interface AgentSlot {
  agent: Agent;
  random: Random;
  /** `kind#index`, for logs. */
  name: string;
}

/** Counters since the simulator started. */
export interface SimulatorStats {
  ticks: number;
  historyTicks: number;
  /** `act` calls that threw (logged; the tick went on). */
  failedActs: number;
  /** Ticks that failed outside agents (logged; the loop went on). */
  failedTicks: number;
  txSent: number;
  /** Transactions the node refused. */
  txRejected: number;
  txMined: number;
  txReverted: number;
  oracleUpdates: number;
  labels: Partial<Record<LabelKind, number>>;
  /** Pending labels whose transactions were not all mined in their block, or reverted. */
  labelsDropped: number;
  lastBlockNumber: bigint | undefined;
  lastBlockTimestampSec: bigint | undefined;
  /** Wall-clock milliseconds spent inside ticks (live utilisation = busyMs / elapsed). */
  busyMs: number;
}

/** Everything one chain's ticks share. */
export interface SimTickContext {
  world: SimWorld;
  /** Users first, then searchers, each group in registry order. */
  slots: readonly AgentSlot[];
  prices: SimPriceWorld;
  feeder: OracleFeeder | undefined;
  labels: LabelSink;
  stats: SimulatorStats;
  /** Hashes the instrumented sender accepted this tick (cleared here). */
  sentThisTick: Hash[];
}

/** The block a tick builds. */
export interface TickPlan {
  index: number;
  mode: 'history' | 'live';
  /** Fast-forward timestamp; live ticks use max(previous + 1, now). */
  timestampSec?: bigint;
}

/**
 * One block of the tick protocol (see `types.ts`): step prices, push moved oracle feeds, let users then
 * searchers act, mine one block at the planned timestamp, confirm labels from its receipts and append them.
 * An agent that throws is logged and skipped. Returns the mined block number.
 */
export async function runSimTick(context: SimTickContext, plan: TickPlan): Promise<bigint> {
  const { world, stats } = context;
  const { publicClient, testClient } = world.clients;
  const latest = await publicClient.getBlock({ blockTag: 'latest' });
  const timestampSec = plan.timestampSec ?? bigintMax(latest.timestamp + 1n, BigInt(Math.floor(Date.now() / 1000)));
  const tick: TickInfo = { index: plan.index, blockNumber: latest.number + 1n, timestampSec, mode: plan.mode };
  // Set before agents act: anvil's pending block (what searchers read) takes this timestamp too.
  await testClient.setNextBlockTimestamp({ timestamp: timestampSec });
  const baseFeePerGas = latest.baseFeePerGas ?? 1_000_000_000n;
  world.sender.setBaseFee(baseFeePerGas);
  context.sentThisTick.length = 0;
  context.prices.advance();

  if (context.feeder) {
    try {
      const hashes = await context.feeder.update(tick, baseFeePerGas);
      if (hashes.length > 0) stats.oracleUpdates++;
    } catch (error) {
      world.logger.error({ err: error, tick: tick.index }, 'simulator: oracle update failed');
    }
  }
  const pending: PendingLabel[] = [];
  for (const slot of context.slots) {
    try {
      pending.push(...(await slot.agent.act(world, tick, slot.random)));
    } catch (error) {
      stats.failedActs++;
      world.sender.resetNonces();
      world.logger.warn({ err: error, agent: slot.name, tick: tick.index }, 'simulator: agent act failed');
    }
  }

  await testClient.request({ method: 'evm_mine', params: undefined });
  const receipts = await publicClient.getBlockReceipts({ blockNumber: tick.blockNumber });
  const { labels, dropped } = await confirmLabels({
    chainId: world.chainId,
    blockNumber: tick.blockNumber,
    receipts,
    pending,
    getReceipt: (hash) => publicClient.getTransactionReceipt({ hash }).catch(() => undefined),
  });
  await context.labels.append(labels);
  for (const label of labels) stats.labels[label.kind] = (stats.labels[label.kind] ?? 0) + 1;
  stats.labelsDropped += dropped.length;
  if (dropped.length > 0) world.logger.debug({ kinds: dropped.map((label) => label.kind), block: tick.blockNumber }, 'simulator: labels dropped');
  stats.txMined += receipts.length;
  stats.txReverted += receipts.filter((receipt) => receipt.status !== 'success').length;
  stats.lastBlockNumber = tick.blockNumber;
  stats.lastBlockTimestampSec = timestampSec;
  await dropStuckTransactions(context, receipts.length);
  return tick.blockNumber;
}

// A transaction left behind with a nonce gap would block its account forever: drop the queue and re-read nonces.
async function dropStuckTransactions(context: SimTickContext, mined: number): Promise<void> {
  if (mined >= context.sentThisTick.length) return;
  const { testClient } = context.world.clients;
  const status = await testClient.getTxpoolStatus();
  if (status.queued === 0) return;
  context.world.logger.warn({ pending: status.pending, queued: status.queued }, 'simulator: dropping stuck transactions');
  const request = testClient.request as (args: { method: string; params?: unknown }) => Promise<unknown>;
  await request({ method: 'anvil_dropAllTransactions', params: [] });
  context.world.sender.resetNonces();
}

function bigintMax(a: bigint, b: bigint): bigint {
  return a > b ? a : b;
}
