import type { Database } from '../../src/datasources/db/createDatabase.js';
import type { ChainIndexerJob } from '../../src/jobs/indexer/createChainIndexerJob.js';
import { createMarketJob, type MarketJob } from '../../src/jobs/market/createMarketJob.js';
import type { MarketState } from '../../src/jobs/market/computeMarketState.js';
import { createMemoryPubSub } from '../../src/pubsub/createMemoryPubSub.js';
import type { PubSubEngine } from '../../src/pubsub/pubSubEngine.js';
import { openTestDatabase } from './database.js';
import { createIndexFixture, type IndexFixture } from './indexFixture.js';
import { startIndexer, testCommon, waitIndexed } from './indexing.js';

/** An indexed devnet chain with seeded swaps and the market job's state computed at its head. */
export interface MarketFixture {
  chainId: number;
  fixture: IndexFixture;
  db: Database;
  job: MarketJob;
  /** The in-process pub/sub the market job publishes on. */
  pubsub: PubSubEngine;
  state: MarketState;
  head: { number: number; hash: string };
  stop(): Promise<void>;
}

/** Starts anvil, mines `blocks` blocks of seeded activity, indexes them into a fresh Postgres and runs the market job. */
export async function createMarketFixture(chainId: number, blocks = 15): Promise<MarketFixture> {
  const fixture = await createIndexFixture(chainId);
  const db = await openTestDatabase('postgres');
  let indexer: ChainIndexerJob | undefined;
  const pubsub = createMemoryPubSub();
  const job = createMarketJob({ common: testCommon(), db, pubsub, chainIds: [chainId], pollIntervalMs: 600_000 });
  try {
    await fixture.mine(blocks, 7);
    indexer = await startIndexer(db, fixture.chainConfig());
    const head = await fixture.head();
    await waitIndexed(db, chainId, head);
    await indexer.stop();
    const state = await job.refresh(chainId);
    return {
      chainId, fixture, db, job, pubsub, state, head,
      stop: async () => {
        await job.stop();
        await db.dispose();
        await fixture.stop();
      },
    };
  } catch (error) {
    await indexer?.stop();
    await db.dispose();
    await fixture.stop();
    throw error;
  }
}
