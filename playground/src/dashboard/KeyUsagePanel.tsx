import { useMemo } from 'react';
import { formatInteger } from './format';
import { Panel } from './Panel';
import { useQuery } from './useGraphql';

const ME = `query DashboardMe {
  me {
    tier
    limits { requestsPerMinute maxQueryCost maxDepth maxWsConnections maxSubscriptionsPerConnection historyDays }
    apiKey { name prefix lastUsedAt }
  }
}`;
// A separate query, so that the tier and limits still show where usage is unavailable.
const USAGE = 'query DashboardUsage($from: DateTime!) { me { usage(from: $from) { day requests costPoints bytesSent subscriptionMinutes } } }';
const USAGE_DAYS = 7;

interface Me {
  tier: string;
  limits: Record<string, number | null>;
  apiKey: { name: string | null; prefix: string | null; lastUsedAt: string | null } | null;
}

interface UsageDay {
  day: string;
  requests: number;
  costPoints: number;
  bytesSent: number;
  subscriptionMinutes: number;
}

const LIMIT_LABELS: Record<string, string> = {
  requestsPerMinute: 'requests / min',
  maxQueryCost: 'max query cost',
  maxDepth: 'max depth',
  maxWsConnections: 'WebSocket connections',
  maxSubscriptionsPerConnection: 'subscriptions / connection',
  historyDays: 'history (days)',
};

/** The signed-in key (or anonymous): its tier, limits, and the last days of usage. */
export function KeyUsagePanel() {
  const from = useMemo(() => {
    const start = new Date();
    start.setUTCHours(0, 0, 0, 0);
    start.setUTCDate(start.getUTCDate() - (USAGE_DAYS - 1));
    return start.toISOString();
  }, []);
  const me = useQuery<{ me: Me }>(ME, {}, 30_000);
  const usage = useQuery<{ me: { usage: UsageDay[] } }>(USAGE, { from }, 30_000);
  const info = me.data?.me;
  const days = usage.data?.me.usage;
  return (
    <Panel title="Your key" testId="key-panel" errors={[me.error, usage.error]}>
      {info ? (
        <>
          <p data-testid="key-tier">
            Tier <strong>{info.tier}</strong>
            {info.apiKey ? <span className="muted"> · key {info.apiKey.name ?? ''} ({info.apiKey.prefix ?? '?'}…)</span> : <span className="muted"> · no key (anonymous)</span>}
          </p>
          <dl className="limits">
            {Object.entries(LIMIT_LABELS).map(([field, label]) => (
              <div key={field}>
                <dt>{label}</dt>
                <dd>{info.limits[field] === null || info.limits[field] === undefined ? 'unlimited' : formatInteger(info.limits[field])}</dd>
              </div>
            ))}
          </dl>
        </>
      ) : me.error ? null : (
        <p className="muted">Loading…</p>
      )}
      {days && days.length ? (
        <div className="table-scroll">
          <table>
            <thead>
              <tr>
                <th>Day (UTC)</th>
                <th className="num">Requests</th>
                <th className="num">Cost</th>
                <th className="num hide-narrow">MB sent</th>
                <th className="num hide-narrow">Sub. min</th>
              </tr>
            </thead>
            <tbody>
              {days.map((day) => (
                <tr key={day.day}>
                  <td>{day.day.slice(0, 10)}</td>
                  <td className="num">{formatInteger(day.requests)}</td>
                  <td className="num">{formatInteger(day.costPoints)}</td>
                  <td className="num hide-narrow">{(day.bytesSent / 1e6).toFixed(2)}</td>
                  <td className="num hide-narrow">{day.subscriptionMinutes.toFixed(1)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : days ? (
        <p className="muted">No usage recorded in the last {USAGE_DAYS} days.</p>
      ) : null}
    </Panel>
  );
}
