import type { UsageRepository } from '../datasources/db/repositories/usageRepository.js';
import type { UsageStore } from './usageStore.js';

/** Live counter sets moved per seal step. */
const SEAL_BATCH = 1000;
/** Seal steps per flush: bounds one flush; whatever is left goes with the next. */
const MAX_SEALS = 50;

/** What one flush did. */
export interface FlushResult {
  /** Sealed batches written to Postgres now. */
  applied: number;
  /** Sealed batches found already applied (a flush that crashed after its commit). */
  alreadyApplied: number;
}

/**
 * Moves counters from the store to `usage_daily`: seal the live counters into batches, add every sealed batch
 * whose id is not in the ledger (one transaction), then drop the batches from the store. Crash-safe at every step:
 * sealed batches stay until acknowledged, and the ledger makes a re-applied batch a no-op.
 */
export async function flushUsage(store: UsageStore, repository: UsageRepository): Promise<FlushResult> {
  for (let i = 0; i < MAX_SEALS; i++) if ((await store.seal(SEAL_BATCH)) < SEAL_BATCH) break;
  const batches = await store.listSealed();
  if (batches.length === 0) return { applied: 0, alreadyApplied: 0 };
  const applied = await repository.applyFlush(batches);
  await store.ack(batches.map((b) => b.flushId));
  return { applied: applied.length, alreadyApplied: batches.length - applied.length };
}
