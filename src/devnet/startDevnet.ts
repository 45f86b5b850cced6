import { dirname, join } from 'node:path';
import type { Logger } from '../common/logger.js';
import { buildManifestChain } from './buildManifestChain.js';
import { DEFAULT_DEVNET_CHAINS, DEVNET_FINALITY_DEPTH } from './constants.js';
import { InvalidDevnetOptionsError } from './errors.js';
import { DEVNET_MANIFEST_VERSION, type DevnetManifest } from './manifest.js';
import { createLabelSink } from './simulator/createLabelSink.js';
import type { HistoryOptions } from './simulator/createSimulator.js';
import { startDevnetChain, type DevnetChain, type StartDevnetChainOptions } from './startDevnetChain.js';
import { writeManifest } from './writeManifest.js';

/** Options of {@link startDevnet}. */
export interface StartDevnetOptions {
  /** Chains to start. Default ethereum (1) and arbitrum (42161). */
  chains?: readonly { chainId: number; name: string }[];
  /** Seeds wallets, prices and actions. Default 1. */
  seed?: number;
  /** Live block interval. Default 1000 ms. */
  blockTimeMs?: number;
  /** Where to write the manifest JSON (atomically, parents created). Default: not written. */
  manifestPath?: string;
  /** Ground-truth labels (JSON lines, truncated at start). Default `labels.jsonl` beside the manifest, else none. */
  labelsPath?: string;
  /** Run the market simulator. Default true; when false the nodes automine. */
  activity?: boolean;
  /** Fast-forward this much history (simulated timestamps) before going live. Default none. */
  history?: Omit<HistoryOptions, 'startTimestampSec'>;
  /** Keep mining live blocks after the history. Default true; when false the nodes automine afterwards. */
  live?: boolean;
  /** Retail transactions per block (before `rate`). Default 2-6. */
  txPerBlock?: { min: number; max: number };
  /** Activity multiplier of the market agents. Default 1. */
  rate?: number;
  /** Agents per chain. Default every registered agent. */
  agents?: StartDevnetChainOptions['agents'];
  /** Price-world and oracle-keeper settings (tests schedule shocks here). */
  simulator?: StartDevnetChainOptions['simulator'];
  /** Written to the manifest. Default 5. */
  finalityDepth?: number;
  logger: Logger;
}

/** A running devnet. */
export interface Devnet {
  manifest: DevnetManifest;
  chains: DevnetChain[];
  /** The labels file, when written. */
  labelsPath: string | undefined;
  /** Wall-clock milliseconds of each startup phase. */
  timings: { readyMs: number; historyMs: number; totalMs: number };
  /** Stops the simulators, then the anvil nodes. Idempotent. */
  stop(): Promise<void>;
}

/**
 * Starts one anvil per chain (in parallel), deploys WETH9, the ERC-20s, Uniswap V2 and V3 and Aave V3,
 * sets the market agents up, fast-forwards `history` if asked, writes the manifest (with every price feed
 * known by then) and starts the live loops. Contract addresses are identical on every chain and every run.
 * Labels of the history are written chain by chain once every chain is done, so the file is byte-identical
 * for a seed; live labels are appended as blocks are mined.
 * @throws {InvalidDevnetOptionsError} on duplicate chain ids.
 * @throws {AnvilNotFoundError | AnvilStartError | DevnetTransactionError} when a chain cannot start
 *   (every node already started is stopped first).
 */
export async function startDevnet(options: StartDevnetOptions): Promise<Devnet> {
  const startedAt = performance.now();
  const chainSpecs = options.chains ?? DEFAULT_DEVNET_CHAINS;
  const seed = options.seed ?? 1;
  if (chainSpecs.length === 0 || new Set(chainSpecs.map((chain) => chain.chainId)).size !== chainSpecs.length) {
    throw new InvalidDevnetOptionsError('Devnet chains must be non-empty with unique chain ids.', { details: JSON.stringify(chainSpecs) });
  }
  const activity = options.activity ?? true;
  const labelsPath = options.labelsPath ?? (options.manifestPath ? join(dirname(options.manifestPath), 'labels.jsonl') : undefined);
  const labels = await createLabelSink({ path: activity ? labelsPath : undefined, chainOrder: chainSpecs.map((chain) => chain.chainId) });
  const nowSec = Math.floor(Date.now() / 1000);
  const results = await Promise.allSettled(
    chainSpecs.map(({ chainId, name }) =>
      startDevnetChain({
        chainId, name, seed, activity, nowSec, labels,
        blockTimeMs: options.blockTimeMs, txPerBlock: options.txPerBlock, rate: options.rate, history: options.history,
        agents: options.agents, simulator: options.simulator,
        logger: options.logger.child({ chainId, chain: name }),
      }),
    ),
  );
  const chains = results.flatMap((result) => (result.status === 'fulfilled' ? [result.value] : []));
  let stopping: Promise<void> | undefined;
  const stop = () => (stopping ??= Promise.allSettled(chains.map((chain) => chain.stop())).then(() => undefined));
  const failure = results.find((result): result is PromiseRejectedResult => result.status === 'rejected');
  if (failure) {
    await stop();
    throw failure.reason;
  }
  const readyMs = Math.round(performance.now() - startedAt);
  try {
    labels.hold();
    const histories = await Promise.all(chains.map((chain) => chain.simulator?.runHistory()));
    await labels.release();
    const historyMs = Math.round(performance.now() - startedAt) - readyMs;
    if (options.history) options.logger.info({ historyMs, ticks: histories.map((history) => history?.ticks), labels: labels.counts() }, 'devnet: history generated');
    const manifest = buildManifest(chains, seed, options.finalityDepth ?? DEVNET_FINALITY_DEPTH);
    if (options.manifestPath) await writeManifest(options.manifestPath, manifest);
    for (const chain of chains) {
      if (chain.simulator && (options.live ?? true)) chain.simulator.startLive();
      else if (chain.simulator) await chain.clients.testClient.setAutomine(true);
    }
    const totalMs = Math.round(performance.now() - startedAt);
    options.logger.info(
      { chains: manifest.chains.map(({ chainId, rpcUrl }) => ({ chainId, rpcUrl })), readyMs, historyMs, totalMs, manifestPath: options.manifestPath, labelsPath: labels.path },
      'devnet ready',
    );
    return { manifest, chains, labelsPath: labels.path, timings: { readyMs, historyMs, totalMs }, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

function buildManifest(chains: readonly DevnetChain[], seed: number, finalityDepth: number): DevnetManifest {
  return {
    version: DEVNET_MANIFEST_VERSION,
    seed,
    createdAt: new Date().toISOString(),
    chains: chains.map((chain) =>
      buildManifestChain(
        { chainId: chain.chainId, name: chain.name, rpcUrl: chain.anvil.rpcUrl, wsUrl: chain.anvil.wsUrl },
        chain.deployment,
        finalityDepth,
        chain.simulator?.priceFeeds(),
      ),
    ),
  };
}
