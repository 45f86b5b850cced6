import type { Redis } from 'ioredis';
import type { Logger } from '../common/logger.js';

/** Counts live WebSocket connections per subject, across processes when Redis is given. */
export interface ConnectionCounter {
  /** Registers `connectionId` under `subject` unless `limit` connections are already live; false when full. */
  acquire(subject: string, connectionId: string, limit: number): Promise<boolean>;
  release(subject: string, connectionId: string): Promise<void>;
  /** Live connections of `subject` (expired entries of crashed processes excluded). */
  count(subject: string): Promise<number>;
  close(): void;
}

export interface ConnectionCounterOptions {
  redis: Redis | undefined;
  logger: Logger;
  /** Redis key prefix. Default `ocs:conn:`. */
  keyPrefix?: string;
  /** How long an entry lives without a heartbeat (a crashed process's connections expire after this). Default 60000. */
  entryTtlMs?: number;
}

// A sorted set per subject: member = connection id, score = expiry time. Expired members are dropped before counting.
const ACQUIRE_SCRIPT = `
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', ARGV[1])
if redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[4]) then return 0 end
redis.call('ZADD', KEYS[1], ARGV[2], ARGV[3])
redis.call('PEXPIRE', KEYS[1], ARGV[5])
return 1`;

/**
 * Connection counts in Redis with expiry (each process refreshes its own entries every third of the TTL, so a
 * crashed process's entries lapse), or in memory for a single process. A Redis failure admits the connection
 * (fail open, logged): losing Redis must not lock every client out.
 */
export function createConnectionCounter(options: ConnectionCounterOptions): ConnectionCounter {
  const { redis, logger } = options;
  const prefix = options.keyPrefix ?? 'ocs:conn:';
  const ttlMs = options.entryTtlMs ?? 60_000;
  const live = new Map<string, Set<string>>(); // this process's connections, by subject
  const add = (subject: string, id: string) => live.set(subject, (live.get(subject) ?? new Set()).add(id));
  const heartbeat = redis
    ? setInterval(() => {
        if (live.size === 0 || redis.status !== 'ready') return;
        const pipeline = redis.pipeline();
        const expiresAt = Date.now() + ttlMs;
        for (const [subject, ids] of live) {
          for (const id of ids) pipeline.zadd(prefix + subject, 'XX', expiresAt, id);
          pipeline.pexpire(prefix + subject, ttlMs);
        }
        pipeline.exec().catch((error: Error) => logger.warn({ err: error.message }, 'connection heartbeat failed'));
      }, Math.max(1000, Math.floor(ttlMs / 3)))
    : undefined;
  heartbeat?.unref();

  return {
    async acquire(subject, connectionId, limit) {
      if (!redis) {
        if ((live.get(subject)?.size ?? 0) >= limit) return false;
        add(subject, connectionId);
        return true;
      }
      try {
        const now = Date.now();
        const admitted = await redis.eval(ACQUIRE_SCRIPT, 1, prefix + subject, now, now + ttlMs, connectionId, limit, ttlMs);
        if (admitted !== 1) return false;
      } catch (error) {
        logger.warn({ err: (error as Error).message, subject }, 'connection count unavailable; admitting the connection');
      }
      add(subject, connectionId);
      return true;
    },
    async release(subject, connectionId) {
      const ids = live.get(subject);
      ids?.delete(connectionId);
      if (ids?.size === 0) live.delete(subject);
      if (redis) await redis.zrem(prefix + subject, connectionId).catch(() => undefined); // the entry expires anyway
    },
    async count(subject) {
      if (!redis) return live.get(subject)?.size ?? 0;
      return redis.zcount(prefix + subject, Date.now(), '+inf');
    },
    close() {
      if (heartbeat) clearInterval(heartbeat);
    },
  };
}
