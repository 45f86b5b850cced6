import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase } from '../../../test/helpers/database.js';
import { createIndexFixture, type IndexFixture } from '../../../test/helpers/indexFixture.js';
import { testCommon, waitIndexed } from '../../../test/helpers/indexing.js';
import { waitFor } from '../../../test/helpers/rpc.js';
import { createChainClient } from '../../datasources/chain/createChainClient.js';
import type { Database } from '../../datasources/db/createDatabase.js';
import { createMemoryPubSub } from '../../pubsub/createMemoryPubSub.js';
import type { ProtocolTvlEvent } from '../../pubsub/events.js';
import { topics } from '../../pubsub/topics.js';
import { createChainIndexerJob, type ChainIndexerJob } from '../indexer/createChainIndexerJob.js';
import { createMarketJob, type MarketJob } from './createMarketJob.js';

const CHAIN_ID = 31_603;

describe('createMarketJob following a live indexer', () => {
  let fixture: IndexFixture;
  let db: Database & { dispose(): Promise<void> };
  let indexer: ChainIndexerJob;
  let job: MarketJob;
  const pubsub = createMemoryPubSub();

  beforeAll(async () => {
    fixture = await createIndexFixture(CHAIN_ID);
    db = await openTestDatabase('postgres');
    await fixture.mine(5, 3);
    const chain = fixture.chainConfig();
    indexer = createChainIndexerJob({ common: testCommon(), chain, client: createChainClient(chain, { requestTimeoutMs: 2000 }), db, pubsub, degradedAfterFailures: 1000 });
    await indexer.start();
    await waitIndexed(db, CHAIN_ID, await fixture.head());
    // The poll fallback is off (10 min): only the indexer's `events.<chainId>` messages can trigger refreshes.
    job = createMarketJob({ common: testCommon(), db, pubsub, chainIds: [CHAIN_ID], pollIntervalMs: 600_000, debounceMs: 50 });
    await job.start();
  });
  afterAll(async () => {
    await job?.stop();
    await indexer?.stop();
    await db?.dispose();
    await fixture?.stop();
  });

  const storedBlock = async (): Promise<number> => {
    const rows = (await db.dataSource.query(`SELECT block_number FROM protocol_stats WHERE chain_id = $1 AND slug = 'uniswap-v2'`, [CHAIN_ID])) as { block_number: string }[];
    return Number(rows[0]?.block_number ?? -1);
  };

  it('stores the state at the indexed head on start', async () => {
    expect(await storedBlock()).toBe((await fixture.head()).number);
  });

  it('recomputes after the indexer commits new blocks and publishes the new protocol TVL', async () => {
    const updates = pubsub.subscribe<ProtocolTvlEvent>(topics.protocolTvlUpdated());
    const before = await storedBlock();
    await fixture.mine(6, 11);
    const head = await fixture.head();
    await waitIndexed(db, CHAIN_ID, head);
    await waitFor(async () => (await storedBlock()) === head.number, 20_000, 'market state at the new head');
    expect(head.number).toBeGreaterThan(before);
    const update = await updates.next();
    expect(update.value).toMatchObject({ slug: 'uniswap-v2', chainId: CHAIN_ID });
    expect(update.value!.blockNumber).toBeGreaterThan(before);
    await updates.return?.();
  });
});
