import { useState } from 'react';
import type { DisplayError } from './displayError';
import { formatBlock, formatTime } from './format';
import { Panel } from './Panel';
import type { ChainSummary } from './types';
import { useFlash } from './useFlash';
import { useSubscription } from './useGraphql';

const BLOCK_ADDED = 'subscription DashboardBlocks($chainId: Int!) { blockAdded(chainId: $chainId) { number timestamp } }';
const STATUS_CHANGED = 'subscription DashboardChainStatus { chainStatusChanged { chainId status statusDetail headBlock indexedBlock } }';

interface LiveBlock {
  number: number;
  timestamp: string;
}

type StatusChange = Pick<ChainSummary, 'chainId' | 'status' | 'statusDetail' | 'headBlock' | 'indexedBlock'>;

function ChainRow({ chain, change }: { chain: ChainSummary; change: StatusChange | undefined }) {
  const [block, setBlock] = useState<LiveBlock>();
  const error = useSubscription<{ blockAdded: LiveBlock }>(BLOCK_ADDED, { chainId: chain.chainId }, (data) =>
    setBlock((prev) => (prev && prev.number >= data.blockAdded.number ? prev : data.blockAdded)),
  );
  const indexed = Math.max(block?.number ?? -1, change?.indexedBlock ?? -1, chain.indexedBlock ?? -1);
  const head = Math.max(indexed, change?.headBlock ?? -1, chain.headBlock ?? -1);
  const status = change?.status ?? chain.status;
  const detail = change?.statusDetail ?? chain.statusDetail;
  const flash = useFlash(indexed >= 0 ? indexed : undefined);
  return (
    <tr data-testid={`chain-${chain.chainId}`}>
      <td>
        {chain.name}
        <span className="muted"> #{chain.chainId}</span>
      </td>
      <td className={`num ${flash}`} data-testid={`chain-${chain.chainId}-block`}>{formatBlock(indexed >= 0 ? indexed : null)}</td>
      <td className="num">{head >= 0 && indexed >= 0 ? head - indexed : '—'}</td>
      <td>
        <span className={`status status-${status.toLowerCase()}`} title={detail ?? undefined}>{status}</span>
        {error ? <span className="error-inline" role="alert">{error.code}: {error.message}</span> : null}
      </td>
      <td className="muted hide-narrow">{block ? formatTime(block.timestamp) : '—'}</td>
    </tr>
  );
}

/** Each chain's indexed head (live from blockAdded), lag behind the RPC head, and status (live from chainStatusChanged). */
export function ChainStatusPanel({ chains, error }: { chains: ChainSummary[] | undefined; error: DisplayError | undefined }) {
  const [changes, setChanges] = useState<Record<number, StatusChange>>({});
  const statusError = useSubscription<{ chainStatusChanged: StatusChange }>(STATUS_CHANGED, {}, (data) =>
    setChanges((prev) => ({ ...prev, [data.chainStatusChanged.chainId]: data.chainStatusChanged })),
  );
  return (
    <Panel title="Chains" testId="chains-panel" errors={[error, statusError]}>
      {chains ? (
        <div className="table-scroll">
          <table>
            <thead>
              <tr>
                <th>Chain</th>
                <th className="num">Block</th>
                <th className="num">Lag</th>
                <th>Status</th>
                <th className="hide-narrow">Block time</th>
              </tr>
            </thead>
            <tbody>
              {chains.map((chain) => (
                <ChainRow key={chain.chainId} chain={chain} change={changes[chain.chainId]} />
              ))}
            </tbody>
          </table>
        </div>
      ) : error ? null : (
        <p className="muted">Loading chains…</p>
      )}
    </Panel>
  );
}
