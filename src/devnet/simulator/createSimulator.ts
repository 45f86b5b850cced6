import type { Address, Hash } from 'viem';
import type { Logger } from '../../common/logger.js';
import type { DevnetClients } from '../clients.js';
import type { DevnetChainDeployment } from '../deployDevnetChain.js';
import { createAgents } from './agents/createAgents.js';
import { createLabelSink, type LabelSink } from './createLabelSink.js';
import { createOracleFeeder, type CreateOracleFeederOptions, type OracleFeeder } from './createOracleFeeder.js';
import { createPriceWorld, type CreatePriceWorldOptions, type SimPriceWorld } from './priceWorld.js';
import { runSimTick, type SimTickContext, type SimulatorStats } from './runSimTick.js';
import { buildSlots, buildWorld, setupAgents } from './simulatorParts.js';
import type { Agent } from './types.js';

/**
 * Fast-forward settings: N seconds of history as fast as possible, blocks `blockIntervalSec` apart. Unless
 * `prices.scheduledShocks` is given, the history includes one -15 % ETH crash at 60 % of its length (so every
 * history has liquidations), on top of the price world's random shocks.
 */
export interface HistoryOptions {
  durationSec: number;
  /** Simulated seconds between blocks. Default 12. */
  blockIntervalSec?: number;
  /** Timestamp of the first history block. Default: the latest block's + `blockIntervalSec`. */
  startTimestampSec?: number;
}

/** Options of {@link createSimulator}. */
export interface CreateSimulatorOptions {
  clients: DevnetClients;
  deployment: DevnetChainDeployment;
  /** Same seed, same wallets, prices and actions. */
  seed: number;
  logger: Logger;
  /** Default: every registered agent ({@link createAgents}) with `rate` and `txPerBlock`. */
  agents?: readonly Agent[];
  /** Activity multiplier of the market agents. Default 1. */
  rate?: number;
  /** Retail transactions per block (before `rate`). Default 2-6. */
  txPerBlock?: { min: number; max: number };
  /** Live block interval. Default 1,000 ms. */
  blockTimeMs?: number;
  history?: HistoryOptions;
  /** Where confirmed labels go. Default: counted only. */
  labels?: LabelSink;
  prices?: Pick<CreatePriceWorldOptions, 'models' | 'randomShocks' | 'scheduledShocks'>;
  /** Oracle keeper thresholds, or false for no oracle updates. */
  oracle?: Pick<CreateOracleFeederOptions, 'deviationBps' | 'stableDeviationBps' | 'heartbeatSec'> | false;
}

/** A market simulator driving one chain. */
export interface Simulator {
  readonly prices: SimPriceWorld;
  readonly agents: readonly Agent[];
  /** Grants the oracle keeper, runs every agent's `setup` (automine on), then turns automining off. Runs once. */
  setup(): Promise<void>;
  /** Fast-forwards `history` (no-op without it) and resolves when done or stopped. */
  runHistory(): Promise<{ ticks: number; durationMs: number }>;
  /** Mines one block every `blockTimeMs` until stopped (drift-free; a late tick runs at once). */
  startLive(): void;
  /** Stops history or live ticking and waits for the tick in flight. Idempotent. */
  stop(): Promise<void>;
  stats(): SimulatorStats;
  /** Every Aave price feed used so far. */
  priceFeeds(): { asset: Address; aggregator: Address }[];
}

const PROGRESS_EVERY_TICKS = 300;
/** The default crash of a fast-forwarded history, and where it falls (fraction of the history). */
const HISTORY_CRASH = { symbol: 'WETH', factor: 0.85 } as const;
const HISTORY_CRASH_AT = 0.6;

/**
 * Builds the market simulator of one chain: the price world, the oracle keeper and the agents, run by the
 * tick protocol of `types.ts`. Per-agent random streams are `deriveSeed(seed, kind:index:chainId)`.
 */
export function createSimulator(options: CreateSimulatorOptions): Simulator {
  const { clients, deployment, logger } = options;
  const chainId = clients.chain.id;
  const blockTimeMs = options.blockTimeMs ?? 1000;
  const intervalSec = options.history?.blockIntervalSec ?? 12;
  const historyTicks = options.history ? Math.floor(options.history.durationSec / intervalSec) : 0;
  const prices = createPriceWorld({
    ...options.prices,
    scheduledShocks: options.prices?.scheduledShocks ?? (historyTicks > 0 ? [{ tick: Math.max(1, Math.floor(historyTicks * HISTORY_CRASH_AT)), ...HISTORY_CRASH }] : []),
    seed: options.seed,
    tickSec: options.history ? intervalSec : blockTimeMs / 1000,
    initialPricesUsd: Object.fromEntries(deployment.tokens.map((token) => [token.symbol, token.referencePriceUsd])),
  });
  const agents = options.agents ?? createAgents({ seed: options.seed, chainId, rate: options.rate, txPerBlock: options.txPerBlock });
  const stats: SimulatorStats = {
    ticks: 0, historyTicks: 0, failedActs: 0, failedTicks: 0, txSent: 0, txRejected: 0, txMined: 0, txReverted: 0,
    oracleUpdates: 0, labels: {}, labelsDropped: 0, lastBlockNumber: undefined, lastBlockTimestampSec: undefined, busyMs: 0,
  };
  const sentThisTick: Hash[] = [];
  const world = buildWorld({ clients, deployment, prices, logger, stats, sentThisTick });
  const { sender } = world;
  const feeder: OracleFeeder | undefined = options.oracle === false ? undefined : createOracleFeeder({
    ...options.oracle, clients, prices, oracle: deployment.aaveV3.oracle, aclManager: deployment.aaveV3.aclManager,
    assets: deployment.aaveV3.reserves.map(({ asset, symbol, priceUsd }) => ({ asset, symbol, priceUsd, aggregator: deployment.aaveV3.aggregators[asset]! })),
  });
  let slots = buildSlots(agents, options.seed, chainId);
  let labels: LabelSink | undefined = options.labels;
  const context = async (): Promise<SimTickContext> => {
    labels ??= await createLabelSink();
    return { world, slots, prices, feeder, labels, stats, sentThisTick };
  };
  const tick = async (ctx: SimTickContext, plan: Parameters<typeof runSimTick>[1]) => {
    const startedAt = performance.now();
    try {
      await runSimTick(ctx, plan);
    } catch (error) {
      stats.failedTicks++;
      sender.resetNonces();
      logger.error({ err: error, tick: plan.index }, 'simulator: tick failed');
    } finally {
      stats.busyMs += performance.now() - startedAt;
      stats.ticks++;
      if (plan.mode === 'history') stats.historyTicks++;
    }
  };

  let stopped = false;
  let settingUp: Promise<void> | undefined;
  let inFlight: Promise<void> = Promise.resolve();
  let timer: NodeJS.Timeout | undefined;
  return {
    prices,
    agents,
    setup() {
      settingUp ??= (async () => {
        await feeder?.setup();
        slots = await setupAgents(world, slots);
        // Setup transactions are not activity.
        Object.assign(stats, { txSent: 0, txRejected: 0 });
        logger.info({ agents: slots.length, wallets: agents.reduce((sum, agent) => sum + agent.wallets.length, 0) }, 'simulator: agents ready');
      })();
      return settingUp;
    },
    async runHistory() {
      const history = options.history;
      if (!history || stopped) return { ticks: 0, durationMs: 0 };
      const ctx = await context();
      const total = historyTicks;
      const latest = await clients.publicClient.getBlock({ blockTag: 'latest' });
      let timestampSec = BigInt(history.startTimestampSec ?? 0);
      if (timestampSec <= latest.timestamp) timestampSec = latest.timestamp + BigInt(intervalSec);
      const startedAt = performance.now();
      let ticks = 0;
      for (; ticks < total && !stopped; ticks++) {
        inFlight = tick(ctx, { index: stats.ticks, mode: 'history', timestampSec });
        await inFlight;
        timestampSec += BigInt(intervalSec);
        if ((ticks + 1) % PROGRESS_EVERY_TICKS === 0) {
          const seconds = (performance.now() - startedAt) / 1000;
          logger.info({ tick: ticks + 1, of: total, blocksPerSec: Math.round((ticks + 1) / seconds), txMined: stats.txMined, labels: stats.labels }, 'simulator: fast-forward');
        }
      }
      prices.setTickSec(blockTimeMs / 1000);
      return { ticks, durationMs: Math.round(performance.now() - startedAt) };
    },
    startLive() {
      if (stopped || timer) return;
      const schedule = (dueAt: number) => {
        if (stopped) return;
        timer = setTimeout(() => {
          inFlight = context()
            .then((ctx) => tick(ctx, { index: stats.ticks, mode: 'live' }))
            .then(() => schedule(Math.max(dueAt + blockTimeMs, Date.now())));
        }, Math.max(0, dueAt - Date.now()));
      };
      prices.setTickSec(blockTimeMs / 1000);
      schedule(Date.now() + blockTimeMs);
    },
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await settingUp?.catch(() => undefined);
      await inFlight;
    },
    stats: () => ({ ...stats, labels: { ...stats.labels } }),
    priceFeeds: () => feeder?.feeds() ?? [],
  };
}
