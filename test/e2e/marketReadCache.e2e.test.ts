import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAnvil, type Anvil } from '../../src/devnet/anvil/startAnvil.js';
import type { MarketUpdatedEvent } from '../../src/pubsub/events.js';
import { topics } from '../../src/pubsub/topics.js';
import { writeChainsFile } from '../helpers/chainsFile.js';
import { postGraphql } from '../helpers/graphqlClients.js';
import { waitFor } from '../helpers/rpc.js';
import { startTestApp, type TestApp } from '../helpers/startTestApp.js';

const CHAIN_ID = 31_977;
type ProtocolsData = { protocols: { nodes: { slug: string; tvlUsd: number }[] } };
const QUERY = '{ protocols { nodes { slug tvlUsd } } }';

/**
 * The API's shared market read cache (src/app/createApp.ts): answers are reused across requests, and dropped as soon
 * as the market job announces a write on `market.updated`. A quiet chain keeps the market job from writing on its
 * own, so the only writes here are the test's; a TTL of a minute makes any fresh answer the event's doing.
 */
describe('market read cache of the API', () => {
  let anvil: Anvil;
  let t: TestApp;
  const tvl = async (): Promise<number | undefined> =>
    (await postGraphql<ProtocolsData>(t.baseUrl, QUERY)).body.data?.protocols.nodes.find((p) => p.slug === 'uniswap-v2')?.tvlUsd;
  const setTvl = (value: number) =>
    t.app.db.dataSource.query(
      `INSERT INTO protocol_stats (slug, chain_id, tvl_usd, block_number) VALUES ('uniswap-v2', $1, $2, 1)
         ON CONFLICT (slug, chain_id) DO UPDATE SET tvl_usd = EXCLUDED.tvl_usd`,
      [CHAIN_ID, value],
    );

  beforeAll(async () => {
    anvil = await startAnvil({ chainId: CHAIN_ID });
    t = await startTestApp({ CHAINS_CONFIG: writeChainsFile([anvil]) }, { readCacheTtlMs: 60_000 });
    await waitFor(async () => t.app.followers[0]?.snapshot().status === 'live', 30_000, 'chain live');
  });
  afterAll(async () => {
    await t?.stop();
    await anvil?.stop();
  });

  it('serves a cached answer until the market job announces a write, then the new value at once', async () => {
    await setTvl(1000);
    const first = await tvl();
    await setTvl(2000);
    // Same request again: the cached answer, not the row just written.
    expect(await tvl()).toBe(first);
    const event: MarketUpdatedEvent = { chainId: CHAIN_ID, blockNumber: 1 };
    await t.app.pubsub.publish(topics.marketUpdated(), event);
    expect(await waitFor(async () => ((await tvl()) === 2000 ? 2000 : undefined), 5000, 'fresh TVL after market.updated')).toBe(2000);
  });

  it('serves a protocol that was NOT_FOUND once its first write is announced', async () => {
    const code = async () => (await postGraphql(t.baseUrl, '{ protocol(slug: "uniswap-v3") { slug } }')).body.errors?.[0]?.extensions?.code;
    expect(await code()).toBe('NOT_FOUND');
    await t.app.db.dataSource.query(`INSERT INTO protocol_stats (slug, chain_id, tvl_usd, block_number) VALUES ('uniswap-v3', $1, 5, 1)`, [CHAIN_ID]);
    expect(await code()).toBe('NOT_FOUND'); // the cached "no such protocol"
    await t.app.pubsub.publish(topics.marketUpdated(), { chainId: CHAIN_ID, blockNumber: 1 } satisfies MarketUpdatedEvent);
    const { body } = await postGraphql<{ protocol: { tvlUsd: number } }>(t.baseUrl, '{ protocol(slug: "uniswap-v3") { tvlUsd } }');
    expect(body.data?.protocol.tvlUsd).toBe(5);
  });
});
