import type { Database } from '../createDatabase.js';
import type { UsageCounters } from '../../../usage/usageCounters.js';

/** One meter key's counters for one UTC day (`YYYY-MM-DD`). */
export interface UsageRow {
  meterKey: string;
  day: string;
  counters: UsageCounters;
}

/** Counters moved out of the live store under one id; applying the same id twice is a no-op. */
export interface UsageFlushBatch {
  flushId: string;
  rows: UsageRow[];
}

interface DailyRow {
  day: string | Date;
  requests: string | number;
  cost_points: string | number;
  bytes_sent: string | number;
  subscription_seconds: string | number;
}

const dayText = (day: string | Date) => (typeof day === 'string' ? day.slice(0, 10) : day.toISOString().slice(0, 10));

function sumByKeyDay(rows: UsageRow[]): UsageRow[] {
  const byKey = new Map<string, UsageRow>();
  for (const row of rows) {
    const id = `${row.day}\u0000${row.meterKey}`;
    const seen = byKey.get(id);
    if (!seen) byKey.set(id, { meterKey: row.meterKey, day: row.day, counters: { ...row.counters } });
    else for (const k of Object.keys(row.counters) as (keyof UsageCounters)[]) seen.counters[k] += row.counters[k];
  }
  // A fixed row order keeps concurrent flushers from deadlocking on each other's row locks.
  return [...byKey.values()].sort((a, b) => (a.meterKey === b.meterKey ? a.day.localeCompare(b.day) : a.meterKey < b.meterKey ? -1 : 1));
}

/** Reads and writes `usage_daily` and the flush ledger `usage_flushes`. */
export function createUsageRepository(db: Database) {
  return {
    /**
     * Adds the batches whose flush id is not in the ledger yet, and records those ids, in one transaction.
     * Returns the ids applied now (the others had been applied before).
     */
    async applyFlush(batches: UsageFlushBatch[]): Promise<string[]> {
      if (batches.length === 0) return [];
      return db.transaction(async (m) => {
        const inserted = (await m.query('INSERT INTO usage_flushes (flush_id) SELECT unnest($1::text[]) ON CONFLICT DO NOTHING RETURNING flush_id', [
          batches.map((b) => b.flushId),
        ])) as { flush_id: string }[];
        const fresh = new Set(inserted.map((r) => r.flush_id));
        const rows = sumByKeyDay(batches.filter((b) => fresh.has(b.flushId)).flatMap((b) => b.rows));
        if (rows.length > 0) {
          await m.query(
            `INSERT INTO usage_daily (key_id, day, requests, cost_points, bytes_sent, subscription_seconds)
             SELECT * FROM unnest($1::text[], $2::date[], $3::bigint[], $4::bigint[], $5::bigint[], $6::bigint[])
             ON CONFLICT (key_id, day) DO UPDATE SET
               requests = usage_daily.requests + EXCLUDED.requests,
               cost_points = usage_daily.cost_points + EXCLUDED.cost_points,
               bytes_sent = usage_daily.bytes_sent + EXCLUDED.bytes_sent,
               subscription_seconds = usage_daily.subscription_seconds + EXCLUDED.subscription_seconds,
               updated_at = now()`,
            [
              rows.map((r) => r.meterKey),
              rows.map((r) => r.day),
              rows.map((r) => r.counters.requests),
              rows.map((r) => r.counters.costPoints),
              rows.map((r) => r.counters.bytesSent),
              rows.map((r) => r.counters.subscriptionSeconds),
            ],
          );
        }
        return [...fresh];
      });
    },

    /** The flush ids among `flushIds` that are already applied. */
    async appliedFlushIds(flushIds: string[]): Promise<Set<string>> {
      if (flushIds.length === 0) return new Set();
      const rows = (await db.dataSource.query('SELECT flush_id FROM usage_flushes WHERE flush_id = ANY($1::text[])', [flushIds])) as { flush_id: string }[];
      return new Set(rows.map((r) => r.flush_id));
    },

    /** Flushed counters of one meter key for the UTC days `fromDay..toDay` (inclusive), by day. */
    async listDays(meterKey: string, fromDay: string, toDay: string): Promise<Map<string, UsageCounters>> {
      const rows = (await db.dataSource.query(
        'SELECT day::text AS day, requests, cost_points, bytes_sent, subscription_seconds FROM usage_daily WHERE key_id = $1 AND day BETWEEN $2::date AND $3::date',
        [meterKey, fromDay, toDay],
      )) as DailyRow[];
      return new Map(
        rows.map((r) => [
          dayText(r.day),
          { requests: Number(r.requests), costPoints: Number(r.cost_points), bytesSent: Number(r.bytes_sent), subscriptionSeconds: Number(r.subscription_seconds) },
        ]),
      );
    },

    /** Forgets ledger entries older than `olderThanDays` (a batch is never retried that late). */
    async pruneFlushLedger(olderThanDays: number): Promise<void> {
      await db.dataSource.query(`DELETE FROM usage_flushes WHERE applied_at < now() - make_interval(days => $1::int)`, [olderThanDays]);
    },
  };
}

export type UsageRepository = ReturnType<typeof createUsageRepository>;
