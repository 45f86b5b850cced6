import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase, type DatabaseKind } from '../../../../test/helpers/database.js';
import { startAnvil, type Anvil } from '../../../devnet/anvil/startAnvil.js';
import { decodeLog } from '../../chain/decoders/decodeLog.js';
import { runDefiScenario, type DefiScenario } from '../../../../test/helpers/defiScenario/defiScenario.js';
import { getIndexedLogs } from '../../chain/decoders/getIndexedLogs.js';
import { DECODED_EVENT_KINDS, type DecodedEvent, type DecodedEventKind } from '../../chain/decoders/types.js';
import { readTokenMetadata } from '../../chain/readTokenMetadata.js';
import { EVENT_ENTITIES } from '../entities/events/eventEntities.js';
import { DecodedEvents1732500000000 } from '../migrations/1732500000000-DecodedEvents.js';
import { createEventRepository, type EventRepository } from './eventRepository.js';

const CHAIN_ID = 1337;
let anvil: Anvil;
let scenario: DefiScenario;
let events: DecodedEvent[];

beforeAll(async () => {
  anvil = await startAnvil({ chainId: CHAIN_ID });
  scenario = await runDefiScenario({ rpcUrl: anvil.rpcUrl, chainId: CHAIN_ID });
  const logs = await getIndexedLogs(scenario.clients.publicClient, { fromBlock: 0n, toBlock: BigInt(scenario.phaseEndBlocks.aaveV3) });
  events = logs.flatMap((log) => decodeLog(log, CHAIN_ID) ?? []);
});

afterAll(async () => {
  await anvil?.stop();
});

/** Expected row counts per kind: the decoded events of a chain at or below `maxBlock`. */
function countsOf(list: readonly DecodedEvent[], maxBlock = Number.MAX_SAFE_INTEGER): Record<DecodedEventKind, number> {
  const counts = Object.fromEntries(DECODED_EVENT_KINDS.map((kind) => [kind, 0])) as Record<DecodedEventKind, number>;
  for (const event of list) if (event.blockNumber <= maxBlock) counts[event.kind] += 1;
  return counts;
}

const byPosition = (a: DecodedEvent, b: DecodedEvent) => a.blockNumber - b.blockNumber || a.logIndex - b.logIndex;

describe.each<DatabaseKind>(['postgres', 'pglite'])('event repository on %s', (kind) => {
  let db: Awaited<ReturnType<typeof openTestDatabase>>;
  let repo: EventRepository;
  const listAll = async (chainId = CHAIN_ID) => {
    const rows: DecodedEvent[] = [];
    for (const k of DECODED_EVENT_KINDS) rows.push(...(await repo.listEvents(k, chainId)));
    return rows.sort(byPosition);
  };

  beforeAll(async () => {
    db = await openTestDatabase(kind);
    repo = createEventRepository(db);
  });
  afterAll(async () => {
    await db?.dispose();
  });

  it('creates one table per kind keyed by (chain_id, block_number, log_index), with the emitter index', async () => {
    const keys: { table_name: string; columns: string }[] = await db.dataSource.query(`
      SELECT tc.table_name, string_agg(kcu.column_name, ',' ORDER BY kcu.ordinal_position) AS columns
      FROM information_schema.table_constraints tc
      JOIN information_schema.key_column_usage kcu ON kcu.constraint_name = tc.constraint_name AND kcu.table_name = tc.table_name
      WHERE tc.constraint_type = 'PRIMARY KEY' AND tc.table_schema = 'public' GROUP BY tc.table_name`);
    const primaryKeys = new Map(keys.map((k) => [k.table_name, k.columns]));
    const indexes: { indexdef: string }[] = await db.dataSource.query(`SELECT indexdef FROM pg_indexes WHERE schemaname = 'public'`);
    const tables = DECODED_EVENT_KINDS.map((k) => db.dataSource.getMetadata(EVENT_ENTITIES[k]).tableName);
    expect(tables).toHaveLength(19);
    for (const table of tables) {
      expect(primaryKeys.get(table), table).toBe('chain_id,block_number,log_index');
      expect(indexes.some((i) => i.indexdef.includes(`ON public.${table} USING btree (chain_id, address, block_number)`)), table).toBe(true);
    }
    expect(primaryKeys.get('tokens')).toBe('chain_id,address');
  });

  it('inserts every decoded event once; inserting the same logs again changes nothing', async () => {
    expect(await db.transaction((m) => repo.insertEvents(m, events))).toBe(events.length);
    expect(await repo.countByKind(CHAIN_ID)).toEqual(countsOf(events));
    expect(await db.transaction((m) => repo.insertEvents(m, events))).toBe(0);
    // A small parameter limit splits the same data into many statements: still nothing new.
    const chunked = createEventRepository(db, { maxParametersPerStatement: 40 });
    expect(await db.transaction((m) => chunked.insertEvents(m, [...events].reverse()))).toBe(0);
    expect(await repo.countByKind(CHAIN_ID)).toEqual(countsOf(events));
  });

  it('reads every event back exactly as decoded: bigints, negative amounts, booleans, block numbers as numbers', async () => {
    expect(await listAll()).toEqual([...events].sort(byPosition));
    const [swap] = await repo.listEvents('uniswapV3Swap', CHAIN_ID);
    expect(typeof swap!.blockNumber).toBe('number');
    expect(typeof swap!.amount0).toBe('bigint');
    const signs: { negative: number }[] = await db.dataSource.query(`SELECT count(*)::int AS negative FROM uniswap_v3_swaps WHERE amount0 < 0 OR amount1 < 0`);
    expect(signs[0]!.negative).toBe(2);
  });

  it('stores rows that match what each action did', async () => {
    const rows = await listAll();
    for (const expected of scenario.expected) {
      const candidates = rows.filter((row) => row.kind === expected.kind && row.address === expected.address);
      expect(candidates, `${expected.kind} at ${expected.address}`).toContainEqual(expect.objectContaining(expected));
    }
    const [liquidation] = await repo.listEvents('aaveV3LiquidationCall', CHAIN_ID);
    expect(liquidation).toMatchObject({ liquidatedCollateralAmount: 5_184_375_000_000_000_000n, debtToCover: 11_850_000_000n, receiveAToken: false });
  });

  it('deleteAbove(n) removes exactly the rows above n in every table, inside the caller transaction', async () => {
    const n = scenario.phaseEndBlocks.uniswapV2;
    const otherChain = events.slice(0, 25).map((e) => ({ ...e, chainId: 10 }));
    expect(await db.transaction((m) => repo.insertEvents(m, otherChain))).toBe(25);

    // Rolled back with the transaction that ran it.
    await expect(
      db.transaction(async (m) => {
        await repo.deleteAbove(m, CHAIN_ID, n);
        throw new Error('abort');
      }),
    ).rejects.toThrow('abort');
    expect(await repo.countByKind(CHAIN_ID)).toEqual(countsOf(events));

    const removed = await db.transaction((m) => repo.deleteAbove(m, CHAIN_ID, n));
    expect(removed).toBe(events.filter((e) => e.blockNumber > n).length);
    expect(removed).toBeGreaterThan(0);
    expect(await repo.countByKind(CHAIN_ID)).toEqual(countsOf(events, n));
    expect(await listAll()).toEqual(events.filter((e) => e.blockNumber <= n).sort(byPosition));
    expect(await repo.countByKind(10)).toEqual(countsOf(otherChain));

    // Re-indexing the removed range restores exactly what was removed.
    expect(await db.transaction((m) => repo.insertEvents(m, events))).toBe(removed);
    expect(await repo.countByKind(CHAIN_ID)).toEqual(countsOf(events));
    expect(await db.transaction((m) => repo.deleteAbove(m, CHAIN_ID, -1))).toBe(events.length);
    expect(await repo.countByKind(CHAIN_ID)).toEqual(countsOf([]));
  });

  it('inserts 14,000 rows in statements near the parameter limit, idempotently', async () => {
    const template = events.find((e) => e.kind === 'erc20Transfer')!;
    const many = Array.from({ length: 14_000 }, (_v, i) => ({ ...template, chainId: 11, blockNumber: 1 + Math.floor(i / 100), logIndex: i % 100, value: BigInt(i) }));
    expect(await db.transaction((m) => repo.insertEvents(m, many))).toBe(14_000);
    expect(await db.transaction((m) => repo.insertEvents(m, many))).toBe(0);
    expect((await repo.countByKind(11)).erc20Transfer).toBe(14_000);
    expect(await db.transaction((m) => repo.deleteAbove(m, 11, 100))).toBe(4_000);
  });

  it('lists events within a block range', async () => {
    await db.transaction((m) => repo.insertEvents(m, events));
    const { tokens, uniswapV2 } = scenario.phaseEndBlocks;
    const transfers = await repo.listEvents('erc20Transfer', CHAIN_ID, { fromBlock: tokens + 1, toBlock: uniswapV2 });
    const want = events.filter((e) => e.kind === 'erc20Transfer' && e.blockNumber > tokens && e.blockNumber <= uniswapV2);
    expect(transfers).toEqual(want.sort(byPosition));
    expect(transfers.length).toBeGreaterThan(0);
  });

  it('stores token metadata read from chain and replaces it on upsert', async () => {
    const pairs = [...new Set(events.flatMap((e) => (e.kind === 'uniswapV2PairCreated' ? [e.pair] : [])))];
    const addresses = [scenario.tokens.weth, scenario.tokens.usdc, scenario.tokens.dai, ...pairs];
    const metadata = await readTokenMetadata(scenario.clients.publicClient, addresses);
    const records = [...metadata].map(([address, m]) => ({ chainId: CHAIN_ID, address, ...m }));
    await db.transaction((m) => repo.upsertTokens(m, records));
    const stored = await repo.getTokens(CHAIN_ID, addresses);
    expect(stored.map(({ updatedAt: _updatedAt, ...row }) => row)).toEqual(
      [...records].sort((a, b) => a.address.localeCompare(b.address)),
    );
    expect(stored.find((t) => t.address === scenario.tokens.usdc.toLowerCase())).toMatchObject({ symbol: 'USDC', decimals: 6, status: 'ok' });
    expect(stored.find((t) => t.address === pairs[0])).toMatchObject({ symbol: 'UNI-V2', name: 'Uniswap V2', decimals: 18, status: 'ok' });

    const usdc = records.find((r) => r.address === scenario.tokens.usdc.toLowerCase())!;
    const failed = { ...usdc, address: usdc.address.toUpperCase().replace('0X', '0x'), symbol: null, name: null, decimals: null, status: 'failed' as const };
    await db.transaction((m) => repo.upsertTokens(m, [usdc, failed]));
    expect(await repo.getTokens(CHAIN_ID, [usdc.address])).toMatchObject([{ address: usdc.address, symbol: null, status: 'failed' }]);
  });

  it('the migration rolls back and re-applies cleanly', async () => {
    const tables = async () =>
      ((await db.dataSource.query(`SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'`)) as { table_name: string }[])
        .map((r) => r.table_name)
        .sort();
    const ours = [...DECODED_EVENT_KINDS.map((k) => db.dataSource.getMetadata(EVENT_ENTITIES[k]).tableName), 'tokens'];
    const before = await tables();
    expect(before).toEqual(expect.arrayContaining(ours));
    // Run directly (not undoLastMigration): a later migration may exist by the time this runs.
    const migration = new DecodedEvents1732500000000();
    const runner = db.dataSource.createQueryRunner();
    try {
      await migration.down(runner);
      expect(await tables()).toEqual(before.filter((t) => !ours.includes(t)));
      await migration.up(runner);
    } finally {
      await runner.release();
    }
    expect(await tables()).toEqual(before);
  });
});
