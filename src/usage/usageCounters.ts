/** What the meter counts for one meter key on one UTC day. All integers. */
export interface UsageCounters {
  requests: number;
  costPoints: number;
  bytesSent: number;
  subscriptionSeconds: number;
}

/** The counter names, in a fixed order (also the Redis hash fields). */
export const COUNTER_FIELDS = ['requests', 'costPoints', 'bytesSent', 'subscriptionSeconds'] as const;

/** Longest `me.usage` range in UTC days, both ends included. */
export const MAX_USAGE_RANGE_DAYS = 92;

const DAY_MS = 86_400_000;

/** A zeroed counter set. */
export function emptyCounters(): UsageCounters {
  return { requests: 0, costPoints: 0, bytesSent: 0, subscriptionSeconds: 0 };
}

/** Adds `b` into `a` (in place) and returns `a`. */
export function addCounters(a: UsageCounters, b: Partial<UsageCounters>): UsageCounters {
  for (const field of COUNTER_FIELDS) a[field] += b[field] ?? 0;
  return a;
}

/** True when every counter is zero. */
export function isEmptyCounters(c: UsageCounters): boolean {
  return COUNTER_FIELDS.every((field) => c[field] === 0);
}

/** Parses a Redis HGETALL reply (missing or malformed fields count as 0). */
export function countersFromHash(hash: Record<string, string>): UsageCounters {
  const c = emptyCounters();
  for (const field of COUNTER_FIELDS) {
    const n = Number(hash[field] ?? 0);
    c[field] = Number.isFinite(n) ? n : 0;
  }
  return c;
}

/** The UTC day (`YYYY-MM-DD`) that contains `ms`. */
export function utcDayOf(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/** Start of the UTC day `day` (`YYYY-MM-DD`), in ms since epoch. */
export function utcDayStartMs(day: string): number {
  return Date.parse(`${day}T00:00:00.000Z`);
}

/** Every UTC day from the day of `fromMs` to the day of `toMs`, both included. */
export function utcDaysBetween(fromMs: number, toMs: number): string[] {
  const days: string[] = [];
  for (let t = utcDayStartMs(utcDayOf(fromMs)); t <= toMs; t += DAY_MS) days.push(utcDayOf(t));
  return days;
}

/**
 * Splits `seconds` of subscription time that started at `startMs` across the UTC days it spans, so a
 * subscription open over midnight counts on both days.
 */
export function splitSecondsByUtcDay(startMs: number, seconds: number): { day: string; seconds: number }[] {
  const parts: { day: string; seconds: number }[] = [];
  let at = startMs;
  let left = seconds;
  while (left > 0) {
    const nextMidnight = utcDayStartMs(utcDayOf(at)) + DAY_MS;
    const take = Math.min(left, Math.max(1, Math.ceil((nextMidnight - at) / 1000)));
    parts.push({ day: utcDayOf(at), seconds: take });
    left -= take;
    at += take * 1000;
  }
  return parts;
}

/** Identifies who is metered: `<keyId>` for an API key, `anon:<client address>` for anonymous callers. */
export function meterKeyOf(principal: { keyId: string | null; clientAddress: string }): string {
  return principal.keyId ?? `anon:${principal.clientAddress}`;
}
