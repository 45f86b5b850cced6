import type { Logger } from '../common/logger.js';
import { startAnvil, type Anvil } from './anvil/startAnvil.js';
import { createDevnetClients, type DevnetClients } from './clients.js';
import { deployDevnetChain, type DevnetChainDeployment } from './deployDevnetChain.js';
import { createSimulator, type CreateSimulatorOptions, type HistoryOptions, type Simulator } from './simulator/createSimulator.js';
import type { LabelSink } from './simulator/createLabelSink.js';
import type { Agent } from './simulator/types.js';

/** Options of {@link startDevnetChain}. */
export interface StartDevnetChainOptions {
  chainId: number;
  name: string;
  seed: number;
  /** Build the market simulator (and set its agents up). When false the node keeps automining. */
  activity: boolean;
  blockTimeMs?: number;
  txPerBlock?: { min: number; max: number };
  rate?: number;
  /** Fast-forward history to generate; the chain's clock is set back so that it ends at `nowSec`. */
  history?: Omit<HistoryOptions, 'startTimestampSec'>;
  /** Wall-clock "now" the history ends at. Default the current time. */
  nowSec?: number;
  labels?: LabelSink;
  /** Default: every registered agent. */
  agents?: (chain: { chainId: number; seed: number }) => Agent[];
  simulator?: Pick<CreateSimulatorOptions, 'prices' | 'oracle'>;
  logger: Logger;
}

/** One running devnet chain. */
export interface DevnetChain {
  chainId: number;
  name: string;
  anvil: Anvil;
  clients: DevnetClients;
  deployment: DevnetChainDeployment;
  /** Present with `activity`: set up, not yet ticking (`startDevnet` runs its history, then its live loop). */
  simulator: Simulator | undefined;
  /** Milliseconds spent deploying and setting up agents. */
  readyMs: number;
  /** Stops the simulator, then anvil. Idempotent. */
  stop(): Promise<void>;
}

/** Seconds between the chain's genesis and the first history block: room for deployment and agent setup. */
const HISTORY_LEAD_SEC = 7_200;

/**
 * Starts anvil for one chain, deploys the devnet contracts and (with `activity`) builds the simulator and
 * runs its setup. With `history`, the genesis is backdated and every deployment/setup block is 1 s after the
 * previous (`anvil_setBlockTimestampInterval`), so the fast-forwarded chain ends at `nowSec` and its timestamp
 * deltas, hence interest and every amount, are the same on every run. On failure anvil is stopped first.
 * @throws {AnvilNotFoundError | AnvilStartError | DevnetTransactionError}
 */
export async function startDevnetChain(options: StartDevnetChainOptions): Promise<DevnetChain> {
  const { chainId, name, logger, history } = options;
  const startedAt = performance.now();
  const nowSec = options.nowSec ?? Math.floor(Date.now() / 1000);
  const genesisSec = history ? nowSec - history.durationSec - HISTORY_LEAD_SEC : undefined;
  const anvil = await startAnvil({ chainId, logger, extraArgs: genesisSec === undefined ? [] : ['--timestamp', String(genesisSec)] });
  let simulator: Simulator | undefined;
  let stopping: Promise<void> | undefined;
  const stop = () => {
    stopping ??= (async () => {
      await simulator?.stop();
      await anvil.stop();
    })();
    return stopping;
  };
  try {
    const clients = createDevnetClients({ rpcUrl: anvil.rpcUrl, chainId, name });
    if (history) await clients.testClient.setBlockTimestampInterval({ interval: 1 });
    const deployment = await deployDevnetChain(clients);
    if (options.activity) {
      simulator = createSimulator({
        ...options.simulator,
        clients,
        deployment,
        seed: options.seed,
        logger,
        agents: options.agents?.({ chainId, seed: options.seed }),
        rate: options.rate,
        txPerBlock: options.txPerBlock,
        blockTimeMs: options.blockTimeMs,
        history: history && { ...history, startTimestampSec: nowSec - history.durationSec },
        labels: options.labels,
      });
      await simulator.setup();
    }
    if (history) await clients.testClient.removeBlockTimestampInterval();
    return { chainId, name, anvil, clients, deployment, simulator, readyMs: Math.round(performance.now() - startedAt), stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
