import pg from 'pg';
import type { Logger } from '../../common/logger.js';

/** Namespace of our advisory locks (first key of the two-int form), so other apps on the database don't clash. */
const LOCK_NAMESPACE = 0x0c5;

export interface LeaderLockOptions {
  /** Postgres URL; undefined (embedded PGlite, one process) makes this process the leader at once. */
  databaseUrl: string | undefined;
  /** What the lock guards, e.g. a chain id. */
  key: number;
  logger: Logger;
  /** How often the holder checks that its lock connection is alive. Default 1000. */
  heartbeatMs?: number;
}

/** A session-level Postgres advisory lock held on a dedicated connection: it dies with the process. */
export interface LeaderLock {
  /** Tries once; true when this process now holds the lock. */
  tryAcquire(): Promise<boolean>;
  /** Resolves when a held lock is lost (connection dropped); never resolves while it is held. */
  lost(): Promise<void>;
  release(): Promise<void>;
}

/**
 * One leader per key across processes: `pg_try_advisory_lock` on a dedicated connection. When the leader dies,
 * Postgres drops its session and the lock with it, so a standby's next try (within a second or two) wins.
 */
export function createLeaderLock(options: LeaderLockOptions): LeaderLock {
  const log = options.logger.child({ component: 'leader-lock', key: options.key });
  let client: pg.Client | undefined;
  let heartbeat: NodeJS.Timeout | undefined;
  let onLost: () => void = () => undefined;
  let lostPromise: Promise<void> = new Promise((resolve) => (onLost = resolve));

  function drop(reason: string) {
    if (!client) return;
    log.warn({ reason }, 'leadership lost');
    clearInterval(heartbeat);
    const old = client;
    client = undefined;
    void old.end().catch(() => undefined);
    onLost();
    lostPromise = new Promise((resolve) => (onLost = resolve));
  }

  return {
    async tryAcquire() {
      if (!options.databaseUrl) return true;
      if (client) return true;
      const candidate = new pg.Client({ connectionString: options.databaseUrl, connectionTimeoutMillis: 5000, keepAlive: true });
      candidate.on('error', () => undefined);
      try {
        await candidate.connect();
        const { rows } = await candidate.query<{ locked: boolean }>('SELECT pg_try_advisory_lock($1, $2) AS locked', [LOCK_NAMESPACE, options.key]);
        if (!rows[0]?.locked) {
          await candidate.end();
          return false;
        }
      } catch (error) {
        await candidate.end().catch(() => undefined);
        log.warn({ err: (error as Error).message }, 'could not contend for leadership');
        return false;
      }
      client = candidate;
      candidate.on('error', (error: Error) => drop(error.message));
      candidate.on('end', () => drop('connection ended'));
      heartbeat = setInterval(() => {
        candidate.query('SELECT 1').catch((error: Error) => drop(error.message));
      }, options.heartbeatMs ?? 1000);
      log.info('leadership acquired');
      return true;
    },
    lost: () => (options.databaseUrl ? lostPromise : new Promise<void>(() => undefined)),
    async release() {
      clearInterval(heartbeat);
      const old = client;
      client = undefined;
      if (old) {
        await old.query('SELECT pg_advisory_unlock($1, $2)', [LOCK_NAMESPACE, options.key]).catch(() => undefined);
        await old.end().catch(() => undefined);
      }
    },
  };
}
