import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase } from '../../../test/helpers/database.js';
import { rpc, unusedPort, waitFor } from '../../../test/helpers/rpc.js';
import { buildLogger } from '../../common/logger.js';
import { createMetrics } from '../../common/metrics.js';
import { NO_SOURCES, type ChainConfig } from '../../config/chainsFile.js';
import { loadConfig } from '../../config/config.js';
import { createChainClient } from '../../datasources/chain/createChainClient.js';
import { createBlockRepository } from '../../datasources/db/repositories/blockRepository.js';
import { createChainRepository } from '../../datasources/db/repositories/chainRepository.js';
import { startAnvil, type Anvil } from '../../devnet/anvil/startAnvil.js';
import { createMemoryPubSub } from '../../pubsub/createMemoryPubSub.js';
import type { BlockEvent } from '../../pubsub/events.js';
import { topics } from '../../pubsub/topics.js';
import { createChainIndexerJob, type ChainIndexerJob } from './createChainIndexerJob.js';

const common = { config: loadConfig({ NODE_ENV: 'test' }), logger: buildLogger('silent'), metrics: createMetrics() };

describe('chain indexer against anvil (headers)', () => {
  let anvil: Anvil;
  let db: Awaited<ReturnType<typeof openTestDatabase>>;
  let job: ChainIndexerJob | undefined;
  const pubsub = createMemoryPubSub();

  beforeAll(async () => {
    [anvil, db] = await Promise.all([startAnvil({ chainId: 31337, automine: false }), openTestDatabase('postgres')]);
  });
  afterEach(async () => {
    await job?.stop();
    job = undefined;
  });
  afterAll(async () => {
    await anvil?.stop();
    await db?.dispose();
  });

  function chainConfig(overrides: Partial<ChainConfig> = {}): ChainConfig {
    return { chainId: 31337, name: 'devnet', rpcUrls: [anvil.rpcUrl], wsUrls: [anvil.wsUrl], finalityDepth: 5, startBlock: 0, pollIntervalMs: 100, sources: NO_SOURCES, maxLogRange: 2000, ...overrides };
  }

  async function follow(config = chainConfig()) {
    job = createChainIndexerJob({ common, chain: config, client: createChainClient(config), db, pubsub });
    await job.start();
    return job;
  }

  async function expectStoredEqualsChain() {
    const head = Number(await rpc<string>(anvil.rpcUrl, 'eth_blockNumber'));
    await waitFor(() => job!.snapshot().indexedBlock === head, 10_000, `indexed block ${head}`);
    const stored = (await createBlockRepository(db).page(31337, 1000)).blocks;
    expect(stored.map((b) => b.number)).toEqual([...Array(head + 1).keys()].reverse());
    for (const block of stored) {
      const canonical = await rpc<{ hash: string; parentHash: string }>(anvil.rpcUrl, 'eth_getBlockByNumber', [`0x${block.number.toString(16)}`, false]);
      expect(block.hash).toBe(canonical.hash);
      expect(block.parentHash).toBe(canonical.parentHash);
    }
  }

  it('stores every block from the start block and publishes each in order', async () => {
    const events = pubsub.subscribe<BlockEvent>(topics.blockAdded(31337));
    await rpc(anvil.rpcUrl, 'anvil_mine', ['0x3']);
    await follow();
    await expectStoredEqualsChain();
    const numbers: number[] = [];
    for (let i = 0; i < 4; i++) numbers.push((await events.next()).value.number);
    expect(numbers).toEqual([0, 1, 2, 3]);
    await events.return?.();
    expect(job!.snapshot().status).toBe('live');
    const [chain] = await createChainRepository(db).list();
    expect(chain).toMatchObject({ chainId: 31337, indexedBlock: 3, status: 'live' });
  });

  it('picks up new heads pushed over WebSocket', async () => {
    await follow();
    await rpc(anvil.rpcUrl, 'evm_mine');
    await expectStoredEqualsChain();
  });

  it.each([1, 3])('handles a reorg of depth %i: the store equals the new canonical chain', async (depth) => {
    await follow();
    const head = Number(await rpc<string>(anvil.rpcUrl, 'eth_blockNumber'));
    const snapshot = await rpc<string>(anvil.rpcUrl, 'evm_snapshot');
    await rpc(anvil.rpcUrl, 'anvil_mine', [`0x${depth.toString(16)}`]);
    await waitFor(() => job!.snapshot().indexedBlock === head + depth, 10_000, 'old branch indexed');
    await rpc(anvil.rpcUrl, 'evm_revert', [snapshot]);
    // A different timestamp gives different hashes; one block longer so the new branch is the heaviest.
    const { timestamp } = await rpc<{ timestamp: string }>(anvil.rpcUrl, 'eth_getBlockByNumber', ['latest', false]);
    for (let i = 1; i <= depth + 1; i++) await rpc(anvil.rpcUrl, 'evm_mine', [Number(timestamp) + 1000 * i]);
    await expectStoredEqualsChain();
  });

  it('resumes after a restart with no gap', async () => {
    await follow();
    await expectStoredEqualsChain();
    await job!.stop();
    job = undefined;
    await rpc(anvil.rpcUrl, 'anvil_mine', ['0x4']);
    await follow();
    await expectStoredEqualsChain();
  });

  it('stops the chain with a clear error on a reorg deeper than the finality depth', async () => {
    await follow(chainConfig({ finalityDepth: 2 }));
    await expectStoredEqualsChain();
    const snapshotBase = Number(await rpc<string>(anvil.rpcUrl, 'eth_blockNumber'));
    const snapshot = await rpc<string>(anvil.rpcUrl, 'evm_snapshot');
    await rpc(anvil.rpcUrl, 'anvil_mine', ['0x5']);
    await waitFor(() => job!.snapshot().indexedBlock === snapshotBase + 5, 10_000, 'old branch indexed');
    await rpc(anvil.rpcUrl, 'evm_revert', [snapshot]);
    const { timestamp } = await rpc<{ timestamp: string }>(anvil.rpcUrl, 'eth_getBlockByNumber', ['latest', false]);
    for (let i = 1; i <= 6; i++) await rpc(anvil.rpcUrl, 'evm_mine', [Number(timestamp) + 777 * i]);
    const stopped = await waitFor(() => (job!.snapshot().status === 'stopped' ? job!.snapshot() : null), 10_000, 'stopped');
    expect(stopped.detail).toMatch(/Reorg on chain 31337 replaces more than 2 blocks/);
    // Nothing stored was lost: the old branch stays until an operator acts.
    expect((await createBlockRepository(db).latest(31337))?.number).toBe(snapshotBase + 5);
    await db.transaction((m) => createBlockRepository(db).deleteAbove(m, 31337, -1));
  });

  it('marks the chain degraded when its RPC stops answering', async () => {
    const dead = chainConfig({ rpcUrls: [`http://127.0.0.1:${await unusedPort()}`], wsUrls: [], finalityDepth: 5 });
    await follow(dead);
    const snapshot = await waitFor(() => (job!.snapshot().status === 'degraded' ? job!.snapshot() : null), 15_000, 'degraded');
    expect(snapshot.detail).toMatch(/eth_blockNumber on chain 31337 failed/);
  });
});
