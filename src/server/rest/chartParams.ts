/** Most data points one `/chart` request returns per coin. */
export const MAX_CHART_POINTS = 500;
/** Most (coin x point) lookups one `/chart` request may cost. */
export const MAX_CHART_LOOKUPS = 10_000;

const UNIT_SEC = { w: 7 * 86_400, d: 86_400, h: 3600, m: 60 } as const;
const DURATION = /^([1-9][0-9]{0,5})?([wdhm])$/i;
const UNIX = /^(0|[1-9][0-9]{0,11})$/;

/** The sample times a `/chart` request asks for and how far from each a price may be taken. */
export interface ChartRequest {
  /** Unix seconds, ascending. */
  timestampsSec: number[];
  periodSec: number;
  searchWidthSec: number;
}

/**
 * Parses DefiLlama's candle notation (`4h`, `2d`, `W`, `15m`; case-insensitive, count defaults to 1) or, for
 * searchWidth, a plain number of seconds. Returns null when malformed.
 */
export function parseDurationSec(text: string, allowSeconds: boolean): number | null {
  if (allowSeconds && UNIX.test(text)) return Number(text) > 0 ? Number(text) : null;
  const match = DURATION.exec(text);
  if (!match) return null;
  return Number(match[1] ?? 1) * UNIT_SEC[match[2]!.toLowerCase() as keyof typeof UNIT_SEC];
}

function parseUnix(name: string, value: unknown): number | null | string {
  if (value === undefined) return null;
  if (typeof value !== 'string' || !UNIX.test(value)) return `${name} must be a unix timestamp in seconds`;
  return Number(value);
}

/**
 * Builds the sample times of `GET /chart/:coins` from its query (DefiLlama semantics, extended):
 * `period` between points (default 1d); `searchWidth` how far from a point a price may be taken (default 10% of
 * period); `start` first point, `end` last point (both: the range, `start` <= `end`), `span` number of points.
 * Without `span`: from `start` up to `end` (or now); without `start`, one point at `end` (or now).
 * Points after `nowSec` are dropped. Returns the request or a message for a 400.
 */
export function parseChartQuery(query: Record<string, unknown>, nowSec: number): ChartRequest | { error: string } {
  for (const key of ['start', 'end', 'span', 'period', 'searchWidth']) {
    if (Array.isArray(query[key])) return { error: `${key} given more than once` };
  }
  const periodSec = query.period === undefined ? 86_400 : parseDurationSec(String(query.period), false);
  if (periodSec === null) return { error: 'period must look like 4h, 2d, 1w or 30m (W, D, H, M; not case sensitive)' };
  const searchWidthSec = query.searchWidth === undefined ? Math.max(60, Math.round(periodSec / 10)) : parseDurationSec(String(query.searchWidth), true);
  if (searchWidthSec === null) return { error: 'searchWidth must be a duration like 4h or 600 (seconds)' };
  const start = parseUnix('start', query.start);
  const end = parseUnix('end', query.end);
  if (typeof start === 'string') return { error: start };
  if (typeof end === 'string') return { error: end };
  if (start !== null && end !== null && start > end) return { error: 'start must not be after end' };
  let span: number | null = null;
  if (query.span !== undefined) {
    span = /^[0-9]{1,6}$/.test(String(query.span)) ? Number(query.span) : Number.NaN;
    if (!(span >= 1 && span <= MAX_CHART_POINTS)) return { error: `span must be an integer between 1 and ${MAX_CHART_POINTS}` };
  }
  const last = end ?? nowSec;
  if (start !== null && start > nowSec) return { error: 'start is in the future' };
  const count = span ?? (start === null ? 1 : Math.floor((Math.min(last, nowSec) - start) / periodSec) + 1);
  if (count > MAX_CHART_POINTS) return { error: `that asks for ${count} points; at most ${MAX_CHART_POINTS}: raise period or narrow start/end` };
  const first = start ?? last - (count - 1) * periodSec;
  const timestampsSec: number[] = [];
  for (let i = 0; i < count; i++) {
    const t = first + i * periodSec;
    if (t > nowSec || (start !== null && end !== null && t > end)) break;
    if (t >= 0) timestampsSec.push(t);
  }
  return { timestampsSec, periodSec, searchWidthSec };
}
