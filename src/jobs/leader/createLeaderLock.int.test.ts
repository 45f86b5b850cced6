import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestPostgres, type TestPostgres } from '../../../test/helpers/database.js';
import { waitFor } from '../../../test/helpers/rpc.js';
import { buildLogger } from '../../common/logger.js';
import { createLeaderLock } from './createLeaderLock.js';

const logger = buildLogger('silent');

describe('createLeaderLock()', () => {
  let db: TestPostgres;
  beforeAll(async () => {
    db = await createTestPostgres();
  });
  afterAll(async () => {
    await db?.drop();
  });

  it('lets exactly one of two contenders lead, and the other take over after release', async () => {
    const a = createLeaderLock({ databaseUrl: db.url, key: 7, logger });
    const b = createLeaderLock({ databaseUrl: db.url, key: 7, logger });
    expect(await a.tryAcquire()).toBe(true);
    expect(await b.tryAcquire()).toBe(false);
    await a.release();
    expect(await b.tryAcquire()).toBe(true);
    expect(await a.tryAcquire()).toBe(false);
    await b.release();
  });

  it('keys are independent', async () => {
    const a = createLeaderLock({ databaseUrl: db.url, key: 1, logger });
    const b = createLeaderLock({ databaseUrl: db.url, key: 2, logger });
    expect(await a.tryAcquire()).toBe(true);
    expect(await b.tryAcquire()).toBe(true);
    await a.release();
    await b.release();
  });

  it('reports loss when its connection is killed, and the standby takes over', async () => {
    const a = createLeaderLock({ databaseUrl: db.url, key: 9, logger, heartbeatMs: 100 });
    const b = createLeaderLock({ databaseUrl: db.url, key: 9, logger });
    expect(await a.tryAcquire()).toBe(true);
    const lost = a.lost();
    const admin = new pg.Client({ connectionString: db.url });
    await admin.connect();
    await admin.query(`SELECT pg_terminate_backend(pid) FROM pg_locks WHERE locktype = 'advisory' AND objid = 9 AND pid <> pg_backend_pid()`);
    await admin.end();
    await lost;
    await waitFor(() => b.tryAcquire(), 5000, 'standby takes over');
    await b.release();
  });

  it('without a database URL (embedded, one process) leads at once', async () => {
    expect(await createLeaderLock({ databaseUrl: undefined, key: 1, logger }).tryAcquire()).toBe(true);
  });
});
