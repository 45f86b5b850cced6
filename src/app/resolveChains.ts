import type { Common } from '../common/common.js';
import { loadChainsFile, parseChainsFile, type ChainConfig } from '../config/chainsFile.js';

/** Chains to follow, and the devnet that serves them when no chains file is configured. */
export interface ResolvedChains {
  chains: ChainConfig[];
  /** Present when the embedded devnet was started; stop it on shutdown. */
  devnet: { stop(): Promise<void> } | undefined;
}

/** Loads CHAINS_CONFIG, or starts the local devnet and reads its manifest (the same file format). */
export async function resolveChains(common: Common): Promise<ResolvedChains> {
  const { config, logger } = common;
  if (config.chainsConfigPath) return { chains: loadChainsFile(config.chainsConfigPath), devnet: undefined };
  // Loaded only when needed: production (CHAINS_CONFIG set) never loads the devnet and its artifacts.
  const { startDevnet } = await import('../devnet/startDevnet.js');
  const devnet = await startDevnet({
    seed: config.devnetSeed,
    blockTimeMs: config.devnetBlockTimeMs,
    manifestPath: config.devnetManifestPath,
    logger: logger.child({ component: 'devnet' }),
  });
  try {
    return { chains: parseChainsFile(JSON.stringify(devnet.manifest), 'devnet manifest'), devnet };
  } catch (error) {
    await devnet.stop();
    throw error;
  }
}
