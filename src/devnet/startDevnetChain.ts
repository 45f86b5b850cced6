import type { Logger } from '../common/logger.js';
import { createActivity, type Activity } from './activity/createActivity.js';
import { startAnvil, type Anvil } from './anvil/startAnvil.js';
import { createDevnetClients, type DevnetClients } from './clients.js';
import { deployDevnetChain, type DevnetChainDeployment } from './deployDevnetChain.js';

/** Options of {@link startDevnetChain}. */
export interface StartDevnetChainOptions {
  chainId: number;
  name: string;
  seed: number;
  /** Start the activity loop. When false the node keeps automining. */
  activity: boolean;
  blockTimeMs?: number;
  txPerBlock?: { min: number; max: number };
  logger: Logger;
}

/** One running devnet chain. */
export interface DevnetChain {
  chainId: number;
  name: string;
  anvil: Anvil;
  clients: DevnetClients;
  deployment: DevnetChainDeployment;
  activity: Activity | undefined;
  /** Stops the activity loop, then anvil. Idempotent. */
  stop(): Promise<void>;
}

/**
 * Starts anvil for one chain, deploys the devnet contracts and (optionally) starts its activity loop.
 * On failure anvil is stopped before the error propagates.
 * @throws {AnvilNotFoundError | AnvilStartError | DevnetTransactionError}
 */
export async function startDevnetChain(options: StartDevnetChainOptions): Promise<DevnetChain> {
  const { chainId, name, logger } = options;
  const anvil = await startAnvil({ chainId, logger });
  let activity: Activity | undefined;
  let stopping: Promise<void> | undefined;
  const stop = () => {
    stopping ??= (async () => {
      await activity?.stop();
      await anvil.stop();
    })();
    return stopping;
  };
  try {
    const clients = createDevnetClients({ rpcUrl: anvil.rpcUrl, chainId, name });
    const deployment = await deployDevnetChain(clients);
    if (options.activity) {
      activity = createActivity({ clients, deployment, seed: options.seed, blockTimeMs: options.blockTimeMs, txPerBlock: options.txPerBlock, logger });
      await activity.start();
    }
    return { chainId, name, anvil, clients, deployment, activity, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
