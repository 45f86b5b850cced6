import type { Logger } from '../common/logger.js';
import { buildManifestChain } from './buildManifestChain.js';
import { DEFAULT_DEVNET_CHAINS, DEVNET_FINALITY_DEPTH } from './constants.js';
import { InvalidDevnetOptionsError } from './errors.js';
import { DEVNET_MANIFEST_VERSION, type DevnetManifest } from './manifest.js';
import { startDevnetChain, type DevnetChain } from './startDevnetChain.js';
import { writeManifest } from './writeManifest.js';

/** Options of {@link startDevnet}. */
export interface StartDevnetOptions {
  /** Chains to start. Default ethereum (1) and arbitrum (42161). */
  chains?: readonly { chainId: number; name: string }[];
  /** Seeds trader wallets and their actions. Default 1. */
  seed?: number;
  /** Block interval of the activity loop. Default 1000 ms. */
  blockTimeMs?: number;
  /** Where to write the manifest JSON (atomically, parents created). Default: not written. */
  manifestPath?: string;
  /** Run the activity loop (traders, swaps, one block per `blockTimeMs`). Default true; when false the nodes automine. */
  activity?: boolean;
  /** Inclusive range of activity transactions per block. Default 2-6. */
  txPerBlock?: { min: number; max: number };
  /** Written to the manifest. Default 5. */
  finalityDepth?: number;
  logger: Logger;
}

/** A running devnet. */
export interface Devnet {
  manifest: DevnetManifest;
  chains: DevnetChain[];
  /** Stops the activity loops, then the anvil nodes. Idempotent. */
  stop(): Promise<void>;
}

/**
 * Starts one anvil per chain (in parallel), deploys WETH9, the ERC-20s and Uniswap V2 with seeded
 * pools, starts the activity loops, and writes the manifest if `manifestPath` is set.
 * Contract addresses are identical on every chain and every run.
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
  const results = await Promise.allSettled(
    chainSpecs.map(({ chainId, name }) =>
      startDevnetChain({
        chainId,
        name,
        seed,
        activity: options.activity ?? true,
        blockTimeMs: options.blockTimeMs,
        txPerBlock: options.txPerBlock,
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
  const finalityDepth = options.finalityDepth ?? DEVNET_FINALITY_DEPTH;
  const manifest: DevnetManifest = {
    version: DEVNET_MANIFEST_VERSION,
    seed,
    createdAt: new Date().toISOString(),
    chains: chains.map((chain) => buildManifestChain({ ...chain, rpcUrl: chain.anvil.rpcUrl, wsUrl: chain.anvil.wsUrl }, chain.deployment, finalityDepth)),
  };
  if (options.manifestPath) {
    try {
      await writeManifest(options.manifestPath, manifest);
    } catch (error) {
      await stop();
      throw error;
    }
  }
  options.logger.info(
    { chains: manifest.chains.map(({ chainId, rpcUrl }) => ({ chainId, rpcUrl })), startMs: Math.round(performance.now() - startedAt), manifestPath: options.manifestPath },
    'devnet ready',
  );
  return { manifest, chains, stop };
}
