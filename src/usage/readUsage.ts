import type { UsageRepository } from '../datasources/db/repositories/usageRepository.js';
import { addCounters, emptyCounters, type UsageCounters } from './usageCounters.js';
import type { UsageStore } from './usageStore.js';

/** One UTC day of usage. */
export interface UsageDayCounters extends UsageCounters {
  day: string;
}

/**
 * Flushed (Postgres) plus not yet flushed (store) counters of one meter key on each of `days`. A sealed batch that
 * the ledger already lists is skipped so a flush in progress is not counted twice.
 */
export async function readUsage(store: UsageStore, repository: UsageRepository, meterKey: string, days: string[]): Promise<UsageDayCounters[]> {
  if (days.length === 0) return [];
  const unflushed = await store.readUnflushed(meterKey, days);
  const [flushed, applied] = await Promise.all([
    repository.listDays(meterKey, days[0]!, days[days.length - 1]!),
    repository.appliedFlushIds([...unflushed.sealed.keys()]),
  ]);
  return days.map((day) => {
    const total = addCounters(emptyCounters(), flushed.get(day) ?? {});
    addCounters(total, unflushed.live.get(day) ?? {});
    for (const [flushId, byDay] of unflushed.sealed) if (!applied.has(flushId)) addCounters(total, byDay.get(day) ?? {});
    return { day, ...total };
  });
}
