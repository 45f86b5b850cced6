import type { Common } from '../../common/common.js';
import type { ChainConfig } from '../../config/chainsFile.js';
import { createChainClient } from '../../datasources/chain/createChainClient.js';
import type { Database } from '../../datasources/db/createDatabase.js';
import { bumpLeaderEpoch, createChainRepository } from '../../datasources/db/repositories/chainRepository.js';
import type { PubSubEngine } from '../../pubsub/pubSubEngine.js';
import { createLeaderLock } from '../leader/createLeaderLock.js';
import { sleep } from './backoff.js';
import { createChainIndexerJob, type ChainIndexerJob, type IndexerSnapshot } from './createChainIndexerJob.js';

export interface ChainWorkerOptions {
  common: Common;
  chain: ChainConfig;
  db: Database;
  pubsub: PubSubEngine;
  allowChainReset?: boolean;
  /** How often a standby tries to take the lead. Default 1000. */
  contendIntervalMs?: number;
}

/** A worker's view of a chain: its indexer's state when it leads, `standby` while another worker does. */
export type ChainWorkerSnapshot = Omit<IndexerSnapshot, 'status'> & { status: IndexerSnapshot['status'] | 'standby' };

/**
 * Runs a chain's indexer only while this process holds the chain's leader lock (one writer per chain across
 * processes). A standby takes over within about `contendIntervalMs` of the leader dying; each new leader's writes
 * carry a higher fencing epoch, so a stale leader's late write is refused.
 */
export function createChainWorker(options: ChainWorkerOptions) {
  const { common, chain, db } = options;
  const log = common.logger.child({ component: 'chain-worker', chainId: chain.chainId });
  const lock = createLeaderLock({ databaseUrl: common.config.databaseUrl, key: chain.chainId, logger: common.logger });
  const abort = new AbortController();
  const stopped = new Promise<void>((resolve) => abort.signal.addEventListener('abort', () => resolve(), { once: true }));
  let indexer: ChainIndexerJob | undefined;
  let loop: Promise<void> | undefined;

  async function lead() {
    await createChainRepository(db).register([{ chainId: chain.chainId, name: chain.name, finalityDepth: chain.finalityDepth }]);
    const epoch = await bumpLeaderEpoch(db, chain.chainId);
    log.info({ epoch }, 'leading the chain');
    indexer = createChainIndexerJob({ ...options, client: createChainClient(chain), epoch });
    await indexer.start();
    const outcome = await Promise.race([lock.lost().then(() => 'lost' as const), indexer.done().then(() => 'ended' as const), stopped.then(() => 'stop' as const)]);
    if (outcome === 'ended' && !abort.signal.aborted) {
      // A non-retryable stop (e.g. a reorg deeper than finality): keep the lead so no standby repeats it, and wait.
      await Promise.race([lock.lost(), stopped]);
    }
    await indexer.stop();
    indexer = undefined;
  }

  async function run() {
    while (!abort.signal.aborted) {
      try {
        if (await lock.tryAcquire()) await lead();
        else await sleep(options.contendIntervalMs ?? 1000, abort.signal);
      } catch (error) {
        log.error({ err: error }, 'chain worker step failed');
        await sleep(options.contendIntervalMs ?? 1000, abort.signal);
      }
    }
  }

  return {
    chainId: chain.chainId,
    snapshot: (): ChainWorkerSnapshot =>
      indexer?.snapshot() ?? { chainId: chain.chainId, status: 'standby', detail: null, headBlock: null, indexedBlock: null },
    async start(): Promise<void> {
      loop = run();
    },
    async stop(): Promise<void> {
      abort.abort();
      await loop;
      await lock.release();
    },
  };
}

export type ChainWorker = ReturnType<typeof createChainWorker>;
