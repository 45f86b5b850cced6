import { useRef } from 'react';
import { formatUsdCompact } from './format';
import { Panel } from './Panel';
import { useFlash } from './useFlash';
import { useQuery, useSubscription } from './useGraphql';

const PROTOCOLS = 'query DashboardProtocols { protocols(first: 8, orderBy: tvlUsd, orderDirection: desc) { nodes { slug name category chains tvlUsd volumeUsd24h } } }';
const TVL_UPDATED = 'subscription DashboardProtocolTvl { protocolTvlUpdated { slug chainId tvlUsd blockNumber } }';
/** protocolTvlUpdated is per chain; the totals over every chain come from re-reading `protocols`, at most this often. */
const RELOAD_THROTTLE_MS = 3_000;

interface ProtocolRow {
  slug: string;
  name: string;
  category: string;
  chains: string[];
  tvlUsd: number;
  volumeUsd24h: number;
}

function Row({ protocol, rank }: { protocol: ProtocolRow; rank: number }) {
  const flash = useFlash(protocol.tvlUsd);
  return (
    <tr data-testid={`protocol-${protocol.slug}`}>
      <td className="num muted">{rank}</td>
      <td>
        {protocol.name}
        <div className="muted small">{protocol.category} · {protocol.chains.join(', ')}</div>
      </td>
      <td className={`num ${flash}`}>{formatUsdCompact(protocol.tvlUsd)}</td>
      <td className="num hide-narrow">{formatUsdCompact(protocol.volumeUsd24h)}</td>
    </tr>
  );
}

/** The largest protocols by TVL, re-read whenever protocolTvlUpdated reports a change. */
export function ProtocolsPanel() {
  const { data, error, reload } = useQuery<{ protocols: { nodes: ProtocolRow[] } }>(PROTOCOLS, {}, 60_000);
  const pending = useRef<ReturnType<typeof setTimeout>>(undefined);
  const subscriptionError = useSubscription<unknown>(TVL_UPDATED, {}, () => {
    if (pending.current) return;
    pending.current = setTimeout(() => {
      pending.current = undefined;
      reload();
    }, RELOAD_THROTTLE_MS);
  });
  const nodes = data?.protocols.nodes;
  return (
    <Panel title="Top protocols by TVL" testId="protocols-panel" errors={[error, subscriptionError]}>
      {nodes ? (
        nodes.length ? (
          <div className="table-scroll">
            <table>
              <thead>
                <tr>
                  <th className="num">#</th>
                  <th>Protocol</th>
                  <th className="num">TVL</th>
                  <th className="num hide-narrow">Volume 24h</th>
                </tr>
              </thead>
              <tbody>
                {nodes.map((protocol, index) => (
                  <Row key={protocol.slug} protocol={protocol} rank={index + 1} />
                ))}
              </tbody>
            </table>
          </div>
        ) : (
          <p className="muted">No protocol indexed yet.</p>
        )
      ) : error ? null : (
        <p className="muted">Loading protocols…</p>
      )}
    </Panel>
  );
}
