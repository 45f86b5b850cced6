import { randomUUID } from 'node:crypto';
import type { UsageFlushBatch, UsageRow } from '../datasources/db/repositories/usageRepository.js';
import { addCounters, emptyCounters, type UsageCounters } from './usageCounters.js';
import type { UnflushedUsage, UsageStore } from './usageStore.js';

const idOf = (day: string, meterKey: string) => `${day}\u0000${meterKey}`;

/** Usage counters in this process (no REDIS_URL): same seal/ack protocol as the Redis store. */
export function createMemoryUsageStore(): UsageStore {
  const live = new Map<string, UsageRow>();
  const sealed = new Map<string, UsageRow[]>();
  return {
    kind: 'memory',
    add: async (rows) => {
      for (const row of rows) {
        const id = idOf(row.day, row.meterKey);
        const seen = live.get(id) ?? { meterKey: row.meterKey, day: row.day, counters: emptyCounters() };
        addCounters(seen.counters, row.counters);
        live.set(id, seen);
      }
    },
    seal: async (max) => {
      const ids = [...live.keys()].slice(0, max);
      if (ids.length === 0) return 0;
      sealed.set(`${Date.now()}-${randomUUID()}`, ids.map((id) => live.get(id)!));
      for (const id of ids) live.delete(id);
      return ids.length;
    },
    listSealed: async (): Promise<UsageFlushBatch[]> => [...sealed].map(([flushId, rows]) => ({ flushId, rows: rows.map((r) => ({ ...r, counters: { ...r.counters } })) })),
    ack: async (flushIds) => {
      for (const id of flushIds) sealed.delete(id);
    },
    readUnflushed: async (meterKey, days): Promise<UnflushedUsage> => {
      const result: UnflushedUsage = { live: new Map(), sealed: new Map() };
      for (const day of days) result.live.set(day, { ...(live.get(idOf(day, meterKey))?.counters ?? emptyCounters()) });
      for (const [flushId, rows] of sealed) {
        const byDay = new Map<string, UsageCounters>();
        for (const row of rows) if (row.meterKey === meterKey && days.includes(row.day)) byDay.set(row.day, { ...row.counters });
        if (byDay.size > 0) result.sealed.set(flushId, byDay);
      }
      return result;
    },
  };
}
