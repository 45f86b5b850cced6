import type { LocalAccount } from 'viem';
import type { Logger } from '../../common/logger.js';
import type { DevnetClients } from '../clients.js';
import type { DevnetChainDeployment } from '../deployDevnetChain.js';
import { createRandom, deriveSeed } from '../utils/random.js';
import { createTraders, DEFAULT_TRADER_COUNT } from './createTraders.js';
import { createTxSender, type TxSender } from './createTxSender.js';
import { runTick, type TickContext } from './runTick.js';
import { setupTraders } from './setupTraders.js';

/** Options of {@link createActivity}. */
export interface CreateActivityOptions {
  clients: DevnetClients;
  deployment: DevnetChainDeployment;
  /** Same seed, same traders and same actions. Mixed with the chain id per chain. */
  seed: number;
  /** Interval between mined blocks. Default 1000 ms. */
  blockTimeMs?: number;
  /** Inclusive range of transactions per block. Default 2-6. */
  txPerBlock?: { min: number; max: number };
  /** Trader wallets. Default 16. */
  traderCount?: number;
  logger: Logger;
}

/** Counters since start. */
export interface ActivityStats {
  ticks: number;
  /** Ticks that threw (logged, loop continued). */
  failedTicks: number;
  txSent: number;
  txRejected: number;
  txReverted: number;
  lastBlockNumber: bigint | undefined;
}

/** A running activity loop on one chain. */
export interface Activity {
  /** Funds the traders, turns automining off, then ticks every `blockTimeMs` until stopped. Runs once. */
  start(): Promise<void>;
  /** Stops scheduling and waits for the in-flight tick. Idempotent. */
  stop(): Promise<void>;
  stats(): ActivityStats;
}

/**
 * Builds the live-activity loop of one devnet chain: every tick sends a few seeded-random
 * transfers, swaps and WETH wraps from trader wallets, then mines one block (`evm_mine`).
 * Block cadence is ours: automining is off once started. A failing tick is logged; the loop goes on.
 */
export function createActivity(options: CreateActivityOptions): Activity {
  const { clients, deployment, logger } = options;
  const blockTimeMs = options.blockTimeMs ?? 1000;
  const traders = createTraders(options.seed, options.traderCount ?? DEFAULT_TRADER_COUNT);
  const sender = createTxSender(clients.publicClient, clients.chain.id);
  const context = buildTickContext(options, traders, sender);
  const stats: ActivityStats = { ticks: 0, failedTicks: 0, txSent: 0, txRejected: 0, txReverted: 0, lastBlockNumber: undefined };
  let running = false;
  let timer: NodeJS.Timeout | undefined;
  let inFlight: Promise<void> = Promise.resolve();

  async function tick(): Promise<void> {
    try {
      const result = await runTick(context);
      stats.txSent += result.sent;
      stats.txRejected += result.rejected;
      stats.txReverted += result.reverted;
      stats.lastBlockNumber = result.blockNumber;
    } catch (error) {
      stats.failedTicks++;
      sender.resetNonces();
      logger.error({ err: error }, 'devnet activity: tick failed');
    } finally {
      stats.ticks++;
    }
  }

  // Drift-free schedule: tick k is due at start + k * blockTimeMs; a late tick runs at once.
  function schedule(dueAt: number): void {
    if (!running) return;
    timer = setTimeout(() => {
      inFlight = tick().then(() => schedule(Math.max(dueAt + blockTimeMs, Date.now())));
    }, Math.max(0, dueAt - Date.now()));
  }

  let starting: Promise<void> | undefined;
  let stopped = false;
  return {
    start() {
      starting ??= (async () => {
        await setupTraders(clients, deployment, traders, sender);
        if (stopped) return;
        running = true;
        logger.info({ traders: traders.length, blockTimeMs }, 'devnet activity started');
        schedule(Date.now() + blockTimeMs);
      })();
      return starting;
    },
    async stop() {
      stopped = true;
      running = false;
      clearTimeout(timer);
      await starting?.catch(() => undefined);
      await inFlight;
    },
    stats: () => ({ ...stats }),
  };
}

function buildTickContext(options: CreateActivityOptions, traders: readonly LocalAccount[], sender: TxSender): TickContext {
  const { clients, deployment, logger } = options;
  return {
    clients,
    sender,
    logger,
    // Per-chain stream: adding a chain does not change what the others do.
    random: createRandom(deriveSeed(options.seed, clients.chain.id)),
    txPerBlock: options.txPerBlock ?? { min: 2, max: 6 },
    universe: {
      traders,
      tokens: deployment.tokens,
      pairs: deployment.uniswapV2.pairs,
      weth: deployment.weth,
      router: deployment.uniswapV2.router,
    },
  };
}
