import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase, type DatabaseKind } from '../../../../test/helpers/database.js';
import { createBlockRepository } from './blockRepository.js';
import { createChainRepository } from './chainRepository.js';

const hash = (n: number) => `0x${n.toString(16).padStart(64, '0')}`;
const extra = { miner: `0x${'ab'.repeat(20)}`, gasUsed: 2n ** 200n + 7n, baseFeePerGas: null };

describe.each<DatabaseKind>(['postgres', 'pglite'])('repositories on %s', (kind) => {
  let db: Awaited<ReturnType<typeof openTestDatabase>>;
  beforeAll(async () => {
    db = await openTestDatabase(kind);
  });
  afterAll(async () => {
    await db?.dispose();
  });

  it('migrations create the chains and blocks tables', async () => {
    const rows: { table_name: string }[] = await db.dataSource.query(
      `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY table_name`,
    );
    expect(rows.map((r) => r.table_name)).toEqual(expect.arrayContaining(['blocks', 'chains', 'migrations']));
  });

  it('register() is idempotent and keeps follower state', async () => {
    const chains = createChainRepository(db);
    await chains.register([{ chainId: 1, name: 'ethereum', finalityDepth: 12 }]);
    await chains.updateState(1, { headBlock: 100, indexedBlock: 99, status: 'live' });
    await chains.register([{ chainId: 1, name: 'ethereum', finalityDepth: 12 }]);
    const [chain] = await chains.list();
    expect(chain).toMatchObject({ chainId: 1, name: 'ethereum', headBlock: 100, indexedBlock: 99, status: 'live' });
  });

  it('stores blocks, pages newest first and rolls back above a height', async () => {
    const blocks = createBlockRepository(db);
    await db.transaction(async (m) => {
      for (let n = 0; n < 5; n++) {
        await blocks.insert(m, { chainId: 1, number: n, hash: hash(n + 1), parentHash: hash(n), timestampSec: 1_700_000_000 + n, transactionCount: n, ...extra });
      }
    });
    const first = await blocks.page(1, 2);
    expect(first.blocks.map((b) => b.number)).toEqual([4, 3]);
    expect(first.hasNextPage).toBe(true);
    const rest = await blocks.page(1, 10, 3);
    expect(rest.blocks.map((b) => b.number)).toEqual([2, 1, 0]);
    expect(rest.hasNextPage).toBe(false);
    expect(typeof first.blocks[0]?.number).toBe('number');
    expect(first.blocks[0]?.gasUsed).toBe(2n ** 200n + 7n);
    expect(first.blocks[0]?.baseFeePerGas).toBeNull();
    expect(await blocks.count(1)).toBe(5);
    const removed = await db.transaction((m) => blocks.deleteAbove(m, 1, 2));
    expect(removed).toBe(2);
    expect((await blocks.latest(1))?.number).toBe(2);
  });

  it('rejects a malformed hash at the database', async () => {
    const blocks = createBlockRepository(db);
    await expect(
      db.transaction((m) => blocks.insert(m, { chainId: 1, number: 9, hash: 'nothex', parentHash: hash(1), timestampSec: 1, transactionCount: 0, ...extra })),
    ).rejects.toThrow();
    expect((await blocks.latest(1))?.number).toBe(2);
  });
});
