import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { DataSource, type EntityManager } from 'typeorm';
import { PGliteDriver } from 'typeorm-pglite';
import type { Logger } from '../../common/logger.js';
import { BaseError, redactUrl } from '../../errors/baseError.js';
import { BlockEntity } from './entities/block.entity.js';
import { ChainEntity } from './entities/chain.entity.js';
import { decodedEventEntities } from './entities/events/eventEntities.js';
import { Init1732420000000 } from './migrations/1732420000000-Init.js';
import { DecodedEvents1732500000000 } from './migrations/1732500000000-DecodedEvents.js';
import { MarketData1732600000000 } from './migrations/1732600000000-MarketData.js';
import { MarketHistory1732700000000 } from './migrations/1732700000000-MarketHistory.js';
import { ApiKeys1732800000000 } from './migrations/1732800000000-ApiKeys.js';
import { Usage1732900000000 } from './migrations/1732900000000-Usage.js';
import { BlockTimeIndex1733000000000 } from './migrations/1733000000000-BlockTimeIndex.js';
import { EventLookupIndexes1733100000000 } from './migrations/1733100000000-EventLookupIndexes.js';

export const entities = [ChainEntity, BlockEntity, ...decodedEventEntities];
export const migrations = [Init1732420000000, DecodedEvents1732500000000, MarketData1732600000000, MarketHistory1732700000000, ApiKeys1732800000000, Usage1732900000000, BlockTimeIndex1733000000000, EventLookupIndexes1733100000000];

/** The database could not be opened or migrated. */
export class DatabaseUnavailableError extends BaseError {
  override name = 'DatabaseUnavailableError' as const;
}

export interface DatabaseOptions {
  /** Postgres URL; undefined opens embedded PGlite. */
  url: string | undefined;
  /** PGlite directory; undefined keeps PGlite in memory. Ignored for Postgres. */
  pgliteDir?: string | undefined;
  logger: Logger;
}

/** An open, migrated database. */
export interface Database {
  readonly kind: 'postgres' | 'pglite';
  readonly dataSource: DataSource;
  /** Runs `fn` in one transaction. On PGlite (one session) transactions are serialised in-process. */
  transaction<T>(fn: (manager: EntityManager) => Promise<T>): Promise<T>;
  /** True when a trivial query answers. */
  ping(): Promise<boolean>;
  close(): Promise<void>;
}

function buildDataSource(options: DatabaseOptions): DataSource {
  const common = { type: 'postgres' as const, entities, migrations, migrationsRun: false, logging: false };
  if (options.url) {
    return new DataSource({ ...common, url: options.url, extra: { max: 10, connectionTimeoutMillis: 5000 } });
  }
  if (options.pgliteDir) mkdirSync(options.pgliteDir, { recursive: true });
  const driver = new PGliteDriver(options.pgliteDir ? { dataDir: options.pgliteDir } : {}).driver;
  return new DataSource({ ...common, driver });
}

/** A promise chain used as a mutex: PGlite has one session, so concurrent BEGINs would interleave. */
function createSerialiser() {
  let tail: Promise<unknown> = Promise.resolve();
  return <T>(fn: () => Promise<T>): Promise<T> => {
    const run = tail.then(fn, fn);
    tail = run.catch(() => undefined);
    return run;
  };
}

/**
 * Opens Postgres (`url`) or embedded PGlite and runs pending migrations.
 * @throws DatabaseUnavailableError with the redacted URL when it cannot connect or migrate.
 */
export async function createDatabase(options: DatabaseOptions): Promise<Database> {
  const kind = options.url ? 'postgres' : 'pglite';
  const where = options.url ? redactUrl(options.url) : `PGlite ${options.pgliteDir ?? '(in memory)'}`;
  const dataSource = buildDataSource(options);
  try {
    await dataSource.initialize();
    await dataSource.runMigrations({ transaction: 'each' });
  } catch (error) {
    if (dataSource.isInitialized) await dataSource.destroy().catch(() => undefined);
    throw new DatabaseUnavailableError(`Cannot open database ${where}: ${(error as Error).message}`, { cause: error });
  }
  options.logger.info({ component: 'db', kind, where }, 'database ready');
  if (kind === 'pglite') {
    // typeorm-pglite hands out its pool as every connection, and each TypeORM query runner adds (and on release
    // removes) an 'error' listener on it: more than 10 concurrent queries is normal, not a leak.
    (dataSource.driver as unknown as { master?: { setMaxListeners?(n: number): void } }).master?.setMaxListeners?.(1000);
  }
  const serialise = kind === 'pglite' ? createSerialiser() : <T>(fn: () => Promise<T>) => fn();
  return {
    kind,
    dataSource,
    transaction: (fn) => serialise(() => dataSource.transaction(fn)),
    ping: async () => {
      try {
        await dataSource.query('SELECT 1');
        return true;
      } catch {
        return false;
      }
    },
    close: async () => {
      if (dataSource.isInitialized) await dataSource.destroy();
    },
  };
}

/** Default PGlite directory under the data dir. */
export function pgliteDirOf(dataDir: string): string {
  return join(dataDir, 'pglite');
}
