import pg from 'pg';
import { createDatabase, type Database } from '../../src/datasources/db/createDatabase.js';
import { buildLogger } from '../../src/common/logger.js';

/** Admin connection for creating per-worker test databases. Postgres runs on every dev and CI machine. */
export const adminUrl = process.env.TEST_POSTGRES_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
export const testRedisUrl = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379/0';

export interface TestPostgres {
  url: string;
  drop(): Promise<void>;
}

/** Creates a fresh, uniquely named Postgres database; `drop()` removes it. */
export async function createTestPostgres(): Promise<TestPostgres> {
  const name = `ocs_test_${process.pid}_${Math.random().toString(36).slice(2, 10)}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const client = new pg.Client({ connectionString: adminUrl });
      await client.connect();
      await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await client.end();
    },
  };
}

export type DatabaseKind = 'postgres' | 'pglite';

/** Opens a migrated database of the given kind; the returned close also drops a Postgres database. */
export async function openTestDatabase(kind: DatabaseKind): Promise<Database & { dispose(): Promise<void> }> {
  const logger = buildLogger('silent');
  if (kind === 'pglite') {
    const db = await createDatabase({ url: undefined, logger });
    return { ...db, dispose: () => db.close() };
  }
  const pgdb = await createTestPostgres();
  const db = await createDatabase({ url: pgdb.url, logger });
  return {
    ...db,
    dispose: async () => {
      await db.close();
      await pgdb.drop();
    },
  };
}
