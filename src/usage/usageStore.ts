import type { UsageFlushBatch, UsageRow } from '../datasources/db/repositories/usageRepository.js';
import type { UsageCounters } from './usageCounters.js';

/** Counters of one meter key that are not in Postgres yet. */
export interface UnflushedUsage {
  /** Live counters by UTC day. */
  live: Map<string, UsageCounters>;
  /** Sealed (moved out for a flush, not yet acknowledged) counters by flush id, then by day. */
  sealed: Map<string, Map<string, UsageCounters>>;
}

/**
 * Where counters live between requests and the flush to Postgres: Redis (shared by every API process) or memory
 * (one process, no REDIS_URL). A flush is seal -> listSealed -> apply to Postgres -> ack; every step can be retried
 * and a crash between any two of them neither loses nor doubles a count (the Postgres ledger dedupes flush ids).
 */
export interface UsageStore {
  readonly kind: 'redis' | 'memory';
  /** Adds increments (one transaction). */
  add(rows: UsageRow[]): Promise<void>;
  /** Atomically moves up to `max` live counter sets into one new sealed batch; returns how many it moved. */
  seal(max: number): Promise<number>;
  /** Every sealed batch not acknowledged yet (also those left behind by a process that crashed). */
  listSealed(): Promise<UsageFlushBatch[]>;
  /** Forgets sealed batches once Postgres holds them. */
  ack(flushIds: string[]): Promise<void>;
  /** Live and sealed counters of `meterKey` on `days`. */
  readUnflushed(meterKey: string, days: string[]): Promise<UnflushedUsage>;
}
