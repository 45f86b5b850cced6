import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase } from '../../../test/helpers/database.js';
import { createIndexFixture, type IndexFixture } from '../../../test/helpers/indexFixture.js';
import { dumpEvents, ghostBlocks, startIndexer, waitIndexed } from '../../../test/helpers/indexing.js';
import { rpc } from '../../../test/helpers/rpc.js';
import { createFaultProxy } from '../../../test/tools/createFaultProxy.js';
import { createEventRepository } from '../../datasources/db/repositories/eventRepository.js';

const CHAIN_ID = 31_500;

describe('ingestion of decoded events', () => {
  let fixture: IndexFixture;
  let reference: Record<string, unknown[]>;

  async function freshIndex(rpcUrl?: string, extra: Parameters<IndexFixture['chainConfig']>[0] = {}) {
    const db = await openTestDatabase('postgres');
    const head = await fixture.head();
    const job = await startIndexer(db, fixture.chainConfig({ ...(rpcUrl ? { rpcUrls: [rpcUrl], wsUrls: [] } : {}), ...extra }));
    try {
      await waitIndexed(db, CHAIN_ID, head);
      const tokens: { symbol: string; decimals: number; metadata_status: string }[] = await db.dataSource.query(
        'SELECT symbol, decimals, metadata_status FROM tokens WHERE chain_id = $1 ORDER BY symbol',
        [CHAIN_ID],
      );
      return { dump: await dumpEvents(db, CHAIN_ID), counts: await createEventRepository(db).countByKind(CHAIN_ID), tokens };
    } finally {
      await job.stop();
      await db.dispose();
    }
  }

  beforeAll(async () => {
    fixture = await createIndexFixture(CHAIN_ID);
    await fixture.mine(25, 1);
    reference = (await freshIndex()).dump;
  });
  afterAll(async () => {
    await fixture?.stop();
  });

  it('decodes every trusted event the chain emitted: pairs, syncs, swaps, mints and transfers', async () => {
    const { counts, tokens } = await freshIndex();
    // Token metadata was read for every configured token and every pair (V2 LP tokens are ERC-20s).
    expect(tokens.filter((t) => t.symbol === 'USDC')).toEqual([{ symbol: 'USDC', decimals: 6, metadata_status: 'ok' }]);
    expect(tokens.filter((t) => t.symbol === 'UNI-V2')).toHaveLength(fixture.deployment.uniswapV2.pairs.length);
    const swaps = await rpc<unknown[]>(fixture.anvil.rpcUrl, 'eth_getLogs', [
      { fromBlock: '0x0', toBlock: 'latest', address: fixture.deployment.uniswapV2.pairs.map((p) => p.address), topics: [['0xd78ad95fa46c994b6551d0da85fc275fe613ce37657fb8d5e3d130840159d822']] },
    ]);
    expect(counts.uniswapV2PairCreated).toBe(fixture.deployment.uniswapV2.pairs.length);
    expect(counts.uniswapV2Swap).toBe(swaps.length);
    expect(counts.uniswapV2Swap).toBeGreaterThan(3);
    expect(counts.erc20Transfer).toBeGreaterThan(10);
    expect(counts.uniswapV2Sync).toBeGreaterThanOrEqual(counts.uniswapV2Swap);
  });

  it('adapts its eth_getLogs range to a provider that refuses ranges over 7 blocks, with the same result', async () => {
    const proxy = await createFaultProxy({ upstreamHttpUrl: fixture.anvil.rpcUrl, upstreamWsUrl: fixture.anvil.wsUrl, faults: { tooManyResultsOverBlocks: 7 } });
    try {
      const { dump } = await freshIndex(proxy.httpUrl, { finalityDepth: 2 });
      expect(dump).toEqual(reference);
      expect(proxy.stats().injected.tooManyResults).toBeGreaterThan(0);
    } finally {
      await proxy.close();
    }
  });

  it('with 30 % of RPC calls failing (errors, 5xx, 429, inconsistent answers) the result equals a clean run', async () => {
    const proxy = await createFaultProxy({
      upstreamHttpUrl: fixture.anvil.rpcUrl,
      upstreamWsUrl: fixture.anvil.wsUrl,
      seed: 7,
      faults: { errorRate: 0.15, http500Rate: 0.05, rateLimitRate: 0.05, inconsistentRate: 0.05, truncateRate: 0.02 },
    });
    try {
      const { dump } = await freshIndex(proxy.httpUrl, { finalityDepth: 4 });
      expect(dump).toEqual(reference);
      const injected = Object.values(proxy.stats().injected).reduce((a, b) => a + b, 0);
      expect(injected / proxy.stats().requests).toBeGreaterThan(0.15);
    } finally {
      await proxy.close();
    }
  });

  it.each([1, 3, 30])('a reorg of depth %i leaves the database equal to a fresh index of the final chain, with no ghosts', async (depth) => {
    const db = await openTestDatabase('postgres');
    const job = await startIndexer(db, fixture.chainConfig({ finalityDepth: 64 }));
    try {
      await waitIndexed(db, CHAIN_ID, await fixture.head());
      const snapshot = await rpc<string>(fixture.anvil.rpcUrl, 'evm_snapshot');
      await fixture.mine(depth, 100 + depth);
      await waitIndexed(db, CHAIN_ID, await fixture.head());
      await rpc(fixture.anvil.rpcUrl, 'evm_revert', [snapshot]);
      await fixture.mine(depth + 1, 200 + depth, 7);
      const head = await fixture.head();
      await waitIndexed(db, CHAIN_ID, head);
      const live = await dumpEvents(db, CHAIN_ID);
      const canonical = async (n: number) => (await rpc<{ hash: string }>(fixture.anvil.rpcUrl, 'eth_getBlockByNumber', [`0x${n.toString(16)}`, false])).hash;
      expect(await ghostBlocks(db, CHAIN_ID, canonical)).toEqual([]);
      reference = (await freshIndex()).dump;
      expect(live).toEqual(reference);
    } finally {
      await job.stop();
      await db.dispose();
    }
  });
});
