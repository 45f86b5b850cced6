import type { Client } from 'graphql-ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChainTvlEvent, ProtocolTvlEvent, TokenPriceEvent } from '../../src/pubsub/events.js';
import { topics } from '../../src/pubsub/topics.js';
import { createSwapStream } from '../../src/resolvers/swap/createSwapStream.js';
import { createSwapRepository } from '../../src/datasources/db/repositories/swapRepository.js';
import type { PoolSwap } from '../../src/resolvers/swap/swap.type.js';
import { writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestPostgres, testRedisUrl, type TestPostgres } from '../helpers/database.js';
import { createWsClient } from '../helpers/graphqlClients.js';
import { createIndexFixture, type IndexFixture } from '../helpers/indexFixture.js';
import { waitIndexed } from '../helpers/indexing.js';
import { rpc, waitFor } from '../helpers/rpc.js';
import { startTestApp, type TestApp } from '../helpers/startTestApp.js';
import { buildLogger } from '../../src/common/logger.js';

const CHAIN_ID = 31_877;
const FIELDS = 'chainId pool protocol blockNumber blockHash transactionHash logIndex timestamp sender recipient amount0 amount1 amountUsd removed';
const POOL_SWAPS = `subscription($chainId: Int!, $pool: Address, $fromBlock: Int) { poolSwaps(chainId: $chainId, pool: $pool, fromBlock: $fromBlock) { ${FIELDS} } }`;

interface Delivered {
  chainId: number; pool: string; protocol: string; blockNumber: number; blockHash: string; transactionHash: string; logIndex: number;
  timestamp: string; sender: string; recipient: string; amount0: string; amount1: string; amountUsd: number | null; removed: boolean;
}

/** A subscription whose values accumulate in `items`; `errors` resolves when the server refuses it. */
function collect<T>(client: Client, query: string, variables: Record<string, unknown>) {
  const items: T[] = [];
  let resolveErrors: (errors: { message: string; extensions?: Record<string, unknown> }[]) => void = () => undefined;
  const errors = new Promise<{ message: string; extensions?: Record<string, unknown> }[]>((resolve) => (resolveErrors = resolve));
  const dispose = client.subscribe<Record<string, T>>({ query, variables }, {
    next: (result) => {
      if (result.errors) resolveErrors([...result.errors] as never);
      else items.push(Object.values(result.data!)[0]!);
    },
    error: (error) => resolveErrors(Array.isArray(error) ? error : [error as never]),
    complete: () => undefined,
  });
  return { items, errors, close: () => dispose() };
}

/** Stored swaps of the fixture chain from `fromBlock`, in log order, shaped like the delivered ones. */
async function storedSwaps(t: TestApp, fromBlock: number, pool?: string) {
  const rows: Record<string, string | number>[] = await t.app.db.dataSource.query(
    `SELECT s.block_number, s.log_index, s.block_hash, s.tx_hash, s.address, s.amount0_in - s.amount0_out AS amount0, s.amount1_in - s.amount1_out AS amount1,
            b.timestamp_sec
       FROM uniswap_v2_swaps s JOIN blocks b ON b.chain_id = s.chain_id AND b.number = s.block_number
      WHERE s.chain_id = $1 AND s.block_number >= $2 AND ($3::text IS NULL OR s.address = $3) ORDER BY s.block_number, s.log_index`,
    [CHAIN_ID, fromBlock, pool?.toLowerCase() ?? null],
  );
  return rows.map((r) => ({
    blockNumber: Number(r.block_number), logIndex: Number(r.log_index), blockHash: String(r.block_hash), transactionHash: String(r.tx_hash),
    pool: String(r.address), amount0: String(r.amount0), amount1: String(r.amount1), timestamp: new Date(Number(r.timestamp_sec) * 1000).toISOString(),
  }));
}

const shape = (s: Pick<Delivered, 'blockNumber' | 'logIndex' | 'blockHash' | 'transactionHash' | 'pool' | 'amount0' | 'amount1' | 'timestamp'>) => ({
  blockNumber: s.blockNumber, logIndex: s.logIndex, blockHash: s.blockHash, transactionHash: s.transactionHash, pool: s.pool.toLowerCase(),
  amount0: s.amount0, amount1: s.amount1, timestamp: s.timestamp,
});

/** The delivered list with every retraction applied: what a client that honours `removed` ends up holding. */
function reconcile<T extends { blockHash: string; logIndex: number; removed: boolean }>(items: readonly T[]): T[] {
  const held = new Map<string, T>();
  for (const item of items) {
    const key = `${item.blockHash}:${item.logIndex}`;
    if (item.removed) held.delete(key);
    else held.set(key, item);
  }
  return [...held.values()];
}

async function head(t: TestApp): Promise<number> {
  const rows: { indexed_block: string }[] = await t.app.db.dataSource.query('SELECT indexed_block FROM chains WHERE chain_id = $1', [CHAIN_ID]);
  return Number(rows[0]!.indexed_block);
}

/** Mines one block at a time until the blocks mined since the call hold at least one swap. */
async function mineWithSwaps(t: TestApp, fixture: IndexFixture, seed: number, minBlocks: number, timestampStepSec?: number): Promise<void> {
  const start = (await fixture.head()).number;
  for (let i = 0; i < 30; i++) {
    await fixture.mine(1, seed + i, timestampStepSec);
    const now = await fixture.head();
    if (now.number - start < minBlocks) continue;
    await waitIndexed(t.app.db, CHAIN_ID, now);
    if ((await storedSwaps(t, start + 1)).length > 0) return;
  }
  throw new Error('no swap mined');
}

describe('poolSwaps: resumable swap streams over graphql-ws (anvil, real indexer, Postgres, Redis)', () => {
  let fixture: IndexFixture;
  let pg: TestPostgres;
  let t: TestApp;
  let client: Client;

  beforeAll(async () => {
    fixture = await createIndexFixture(CHAIN_ID);
    await fixture.mine(20, 1);
    pg = await createTestPostgres();
    const dir = mkdtempSync(join(tmpdir(), 'ocs-swaps-'));
    const chainsFile = join(dir, 'chains.json');
    writeFileSync(chainsFile, JSON.stringify({ chains: [fixture.chainConfig({ finalityDepth: 64, pollIntervalMs: 100 })] }));
    t = await startTestApp({ CHAINS_CONFIG: chainsFile, DATABASE_URL: pg.url, REDIS_URL: testRedisUrl, LOG_LEVEL: process.env.SWAPS_LOG ?? 'silent' });
    await waitIndexed(t.app.db, CHAIN_ID, await fixture.head());
    client = createWsClient(t.wsUrl);
  });
  afterAll(async () => {
    await client?.dispose();
    await t?.stop();
    await pg?.drop();
    await fixture?.stop();
  });

  it('replays the stored swaps from fromBlock, then continues live with no gap and no duplicate; other fromBlocks and a pool filter agree', async () => {
    const pool = fixture.deployment.uniswapV2.pairs[0]!.address;
    const before = await storedSwaps(t, 0);
    expect(before.length).toBeGreaterThan(3);
    const middle = before[Math.floor(before.length / 2)]!.blockNumber;
    // Backfilled history keeps only blocks with events: the first stored block is the earliest replayable one.
    const first = Number(((await t.app.db.dataSource.query('SELECT MIN(number) AS n FROM blocks WHERE chain_id = $1', [CHAIN_ID])) as { n: string }[])[0]!.n);
    const early = collect<Delivered>(client, POOL_SWAPS, { chainId: CHAIN_ID, fromBlock: first });
    const late = collect<Delivered>(client, POOL_SWAPS, { chainId: CHAIN_ID, fromBlock: middle });
    const onePool = collect<Delivered>(client, POOL_SWAPS, { chainId: CHAIN_ID, fromBlock: first, pool });
    const liveOnly = collect<Delivered>(client, POOL_SWAPS, { chainId: CHAIN_ID });
    const chainTvl = collect<{ chainId: number; tvlUsd: number; blockNumber: number }>(client, 'subscription($c: [Int!]) { chainTvlUpdated(chainIds: $c) { chainId tvlUsd blockNumber timestamp } }', { c: [CHAIN_ID] });
    const headBefore = await head(t);
    try {
      await new Promise((r) => setTimeout(r, 500)); // the live-only stream starts at whatever is indexed when Redis confirms it
      // Blocks keep coming while the replays run.
      await fixture.mine(15, 2);
      await waitIndexed(t.app.db, CHAIN_ID, await fixture.head());
      const stored = await storedSwaps(t, first);
      expect(stored.filter((s) => s.blockNumber > headBefore).length).toBeGreaterThan(0);
      await waitFor(() => early.items.length >= stored.length && late.items.length >= stored.filter((s) => s.blockNumber >= middle).length, 30_000, 'both streams caught up');
      await new Promise((r) => setTimeout(r, 500)); // a duplicate would arrive now
      expect(early.items.map(shape)).toEqual(stored);
      expect(late.items.map(shape)).toEqual(stored.filter((s) => s.blockNumber >= middle));
      // Equal but for amountUsd, which uses the prices current when each stream read the swap.
      expect(late.items.map(({ amountUsd: _usd, ...rest }) => rest)).toEqual(early.items.filter((s) => s.blockNumber >= middle).map(({ amountUsd: _usd, ...rest }) => rest));
      const poolStored = await storedSwaps(t, first, pool);
      await waitFor(() => onePool.items.length >= poolStored.length, 10_000, 'pool stream caught up');
      expect(onePool.items.map(shape)).toEqual(poolStored);
      // Live only: exactly the swaps of blocks indexed after it started (none before, none twice).
      const liveStored = stored.filter((s) => s.blockNumber > headBefore);
      await waitFor(() => liveOnly.items.length >= liveStored.length, 10_000, 'live stream');
      expect(liveOnly.items.map(shape)).toEqual(liveStored);
      // The market job re-priced the chain after the new swaps moved its reserves.
      await waitFor(() => chainTvl.items.some((u) => u.blockNumber > headBefore), 20_000, 'a chainTvlUpdated from the market job');
      expect(chainTvl.items.every((u) => u.chainId === CHAIN_ID && u.tvlUsd > 0)).toBe(true);
      const sample = early.items[0]!;
      expect(sample).toMatchObject({ chainId: CHAIN_ID, protocol: 'uniswap-v2', removed: false });
      expect(sample.pool).toMatch(/^0x[0-9a-fA-F]{40}$/);
      expect(early.items.every((s) => s.removed === false && (s.amount0.startsWith('-') !== s.amount1.startsWith('-')))).toBe(true);
    } finally {
      for (const sub of [early, late, onePool, liveOnly, chainTvl]) sub.close();
    }
  });

  it('retracts the swaps of reorged-out blocks (removed: true, newest first), then delivers the replacement swaps', async () => {
    const fromBlock = (await head(t)) + 1;
    const sub = collect<Delivered>(client, POOL_SWAPS, { chainId: CHAIN_ID, fromBlock });
    try {
      await new Promise((r) => setTimeout(r, 300));
      const snapshot = await rpc<string>(fixture.anvil.rpcUrl, 'evm_snapshot');
      await mineWithSwaps(t, fixture, 300, 2);
      const orphaned = await storedSwaps(t, fromBlock);
      await waitFor(() => sub.items.length >= orphaned.length, 15_000, 'orphan-to-be swaps delivered');
      const orphanHead = (await fixture.head()).number;
      await rpc(fixture.anvil.rpcUrl, 'evm_revert', [snapshot]);
      await mineWithSwaps(t, fixture, 400, orphanHead - (fromBlock - 1) + 1, 7);
      const replacement = await storedSwaps(t, fromBlock);
      expect(replacement.map((s) => s.blockHash)).not.toContain(orphaned[0]!.blockHash);
      await waitFor(() => reconcile(sub.items).length === replacement.length && sub.items.some((s) => s.removed), 15_000, 'retraction and replacement');
      await new Promise((r) => setTimeout(r, 500));
      const removed = sub.items.filter((s) => s.removed);
      expect(removed.map(shape)).toEqual([...orphaned].reverse());
      const firstRemoved = sub.items.findIndex((s) => s.removed);
      expect(sub.items.slice(0, firstRemoved).map(shape)).toEqual(orphaned);
      expect(sub.items.slice(firstRemoved, firstRemoved + removed.length).every((s) => s.removed)).toBe(true);
      expect(sub.items.slice(firstRemoved + removed.length).map(shape)).toEqual(replacement);
    } finally {
      sub.close();
    }
  });

  it('a reorg in the middle of a replay is reconciled: the client ends with exactly the canonical swaps', async () => {
    const fromBlock = (await head(t)) + 1;
    const snapshot = await rpc<string>(fixture.anvil.rpcUrl, 'evm_snapshot');
    await mineWithSwaps(t, fixture, 500, 4);
    expect((await storedSwaps(t, fromBlock)).length).toBeGreaterThan(0);
    const orphanHead = (await fixture.head()).number;
    // One swap per page, so the replay is still reading the orphaned blocks when the reorg lands.
    const stream = createSwapStream({
      chainId: CHAIN_ID, pool: null, fromBlock, finalityDepth: 64, repo: createSwapRepository(t.app.db), pubsub: t.app.pubsub, logger: buildLogger('silent'), pageSize: 1,
    });
    const items: PoolSwap[] = [(await stream.next()).value as PoolSwap];
    try {
      await rpc(fixture.anvil.rpcUrl, 'evm_revert', [snapshot]);
      await mineWithSwaps(t, fixture, 600, orphanHead - (fromBlock - 1) + 1, 5);
      const canonical = await storedSwaps(t, fromBlock);
      const reading = (async () => {
        for (;;) {
          const next = await stream.next();
          if (next.done) return;
          items.push(next.value);
        }
      })();
      await waitFor(() => reconcile(items).length === canonical.length && items.some((s) => s.removed), 15_000, 'reconciled');
      const held = reconcile(items).sort((a, b) => a.blockNumber - b.blockNumber || a.logIndex - b.logIndex).map((s) => shape({ ...s, timestamp: s.timestamp.toISOString(), amount0: String(s.amount0), amount1: String(s.amount1) }));
      expect(held).toEqual(canonical);
      await stream.return?.();
      await reading;
    } finally {
      await stream.return?.();
    }
  });

  it('refuses bad arguments with typed errors', async () => {
    const indexed = await head(t);
    const cases: [Record<string, unknown>, string, string | undefined][] = [
      [{ chainId: CHAIN_ID, fromBlock: indexed + 2 }, 'BAD_USER_INPUT', 'FROM_BLOCK_AHEAD_OF_HEAD'],
      [{ chainId: CHAIN_ID, fromBlock: -1 }, 'BAD_USER_INPUT', 'FROM_BLOCK_BEFORE_HISTORY'],
      [{ chainId: 424_242 }, 'NOT_FOUND', undefined],
      [{ chainId: CHAIN_ID, pool: '0x000000000000000000000000000000000000dead' }, 'NOT_FOUND', undefined],
    ];
    for (const [variables, code, reason] of cases) {
      const sub = collect<Delivered>(client, POOL_SWAPS, variables);
      const errors = await sub.errors;
      expect(errors[0]?.extensions).toMatchObject({ code, ...(reason ? { reason } : {}) });
      sub.close();
    }
    const conflated: [string, Record<string, unknown>][] = [
      ['subscription($m: Int) { chainTvlUpdated(minIntervalMs: $m) { chainId } }', { m: 99 }],
      ['subscription($m: Int) { chainTvlUpdated(minIntervalMs: $m) { chainId } }', { m: 60_001 }],
      ['subscription($m: Int) { tokenPriceUpdated(chainId: 1, minIntervalMs: $m) { address } }', { m: 50 }],
      ['subscription($m: Int) { protocolTvlUpdated(minIntervalMs: $m) { slug } }', { m: 0 }],
      ['subscription { chainTvlUpdated(chainIds: []) { chainId } }', {}],
    ];
    for (const [query, variables] of conflated) {
      const sub = collect(client, query, variables);
      expect((await sub.errors)[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT' });
      sub.close();
    }
  });

  const fakeChain = 990_000 + (process.pid % 9000);
  const fakeSlug = `test-${process.pid}`;
  const address = '0x00000000000000000000000000000000000000aa';
  it.each([
    {
      field: 'chainTvlUpdated', topic: topics.chainTvlUpdated(),
      query: 'subscription($m: Int) { chainTvlUpdated(chainIds: [FAKE_CHAIN], minIntervalMs: $m) { chainId tvlUsd } }',
      event: (v: number): ChainTvlEvent => ({ chainId: fakeChain, tvlUsd: v, borrowedUsd: 0, blockNumber: v, timestampSec: 1_700_000_000 }),
      valueOf: (item: Record<string, number>) => item.tvlUsd,
    },
    {
      field: 'tokenPriceUpdated', topic: topics.tokenPriceUpdated(fakeChain),
      query: 'subscription($m: Int) { tokenPriceUpdated(chainId: FAKE_CHAIN, minIntervalMs: $m) { address priceUsd } }',
      event: (v: number): TokenPriceEvent => ({ chainId: fakeChain, address, symbol: 'TST', priceUsd: v, confidence: 1, blockNumber: v }),
      valueOf: (item: Record<string, number>) => item.priceUsd,
    },
    {
      field: 'protocolTvlUpdated', topic: topics.protocolTvlUpdated(),
      query: 'subscription($m: Int) { protocolTvlUpdated(slugs: ["FAKE_SLUG"], minIntervalMs: $m) { slug tvlUsd } }',
      event: (v: number): ProtocolTvlEvent => ({ slug: fakeSlug, chainId: fakeChain, tvlUsd: v, borrowedUsd: 0, blockNumber: v }),
      valueOf: (item: Record<string, number>) => item.tvlUsd,
    },
  ])('$field with minIntervalMs delivers at most ceil(T/interval)+1 updates of a burst, the last one final', async ({ topic, query, event, valueOf }) => {
    const intervalMs = 200;
    const text = query.replace('FAKE_CHAIN', String(fakeChain)).replace('FAKE_SLUG', fakeSlug);
    const conflated = collect<Record<string, number>>(client, text, { m: intervalMs });
    const every = collect<Record<string, number>>(client, text, { m: null });
    try {
      await new Promise((r) => setTimeout(r, 300)); // Redis confirms SUBSCRIBE asynchronously
      const started = Date.now();
      let value = 0;
      while (Date.now() - started < 1000) {
        await t.app.pubsub.publish(topic, event(++value));
        await new Promise((r) => setTimeout(r, 5));
      }
      const burstMs = Date.now() - started;
      await waitFor(() => conflated.items.length > 0 && valueOf(conflated.items.at(-1)!) === value, 5000, 'the final value');
      await waitFor(() => every.items.length === value, 5000, 'every update without minIntervalMs');
      expect(conflated.items.length).toBeLessThanOrEqual(Math.ceil(burstMs / intervalMs) + 1);
      expect(conflated.items.length).toBeGreaterThan(1);
      expect(value).toBeGreaterThan(conflated.items.length * 5);
    } finally {
      conflated.close();
      every.close();
    }
  });
});
