import { useState, type ReactNode } from 'react';
import { ChainSelect } from './ChainSelect';
import { formatBlock, formatRawAmount, formatTime, formatTokenAmount, formatUsdCompact, shortHex } from './format';
import { Panel } from './Panel';
import type { ChainSummary } from './types';
import { usePoolTokens, type PoolTokens, type TokenInfo } from './usePoolTokens';
import { useSubscription } from './useGraphql';

const POOL_SWAPS = `subscription DashboardSwaps($chainId: Int!) {
  poolSwaps(chainId: $chainId) { pool protocol blockNumber transactionHash logIndex timestamp amount0 amount1 amountUsd removed }
}`;
const FEED_LENGTH = 15;

interface PoolSwap {
  pool: string;
  protocol: string;
  blockNumber: number;
  transactionHash: string;
  logIndex: number;
  timestamp: string;
  amount0: string;
  amount1: string;
  amountUsd: number | null;
  removed: boolean;
}

const swapId = (swap: PoolSwap) => `${swap.transactionHash}:${swap.logIndex}`;

function side(raw: string, token: TokenInfo | undefined): string {
  if (!token || token.decimals === null) return formatRawAmount(raw);
  return `${formatTokenAmount(raw, token.decimals)} ${token.symbol ?? '?'}`;
}

/** "1.2 WETH → 3,601 USDC": amounts are signed from the pool's side, so the positive one was paid in. */
function SwapAmounts({ swap, tokens }: { swap: PoolSwap; tokens: PoolTokens | undefined }) {
  const in0 = !swap.amount0.startsWith('-');
  const [paid, paidToken, got, gotToken] = in0 ? [swap.amount0, tokens?.token0, swap.amount1, tokens?.token1] : [swap.amount1, tokens?.token1, swap.amount0, tokens?.token0];
  return (
    <span className="swap-amounts small">
      {side(paid, paidToken)} → {side(got.replace(/^-/, ''), gotToken)}
    </span>
  );
}

function SwapFeed({ chainId, chainPicker }: { chainId: number; chainPicker: ReactNode }) {
  const [swaps, setSwaps] = useState<PoolSwap[]>([]);
  const error = useSubscription<{ poolSwaps: PoolSwap }>(POOL_SWAPS, { chainId }, ({ poolSwaps: swap }) =>
    setSwaps((prev) => {
      const others = prev.filter((s) => swapId(s) !== swapId(swap));
      return swap.removed ? others : [swap, ...others].slice(0, FEED_LENGTH);
    }),
  );
  const tokens = usePoolTokens(chainId, swaps.map((s) => s.pool));
  return (
    <Panel title="Live swaps" testId="swaps-panel" errors={[error]} actions={chainPicker}>
      {swaps.length ? (
        <ol className="swap-feed">
          {swaps.map((swap) => (
            <li key={swapId(swap)} className="swap" data-testid="swap">
              <span className="swap-usd">{formatUsdCompact(swap.amountUsd)}</span>
              <SwapAmounts swap={swap} tokens={tokens[swap.pool]} />
              <span className="muted small swap-meta">
                {swap.protocol} · pool {shortHex(swap.pool)} · block {formatBlock(swap.blockNumber)} · {formatTime(swap.timestamp)}
              </span>
            </li>
          ))}
        </ol>
      ) : error ? null : (
        <p className="muted">Waiting for swaps…</p>
      )}
    </Panel>
  );
}

/** The newest swaps of one chain from poolSwaps; a `removed` item (its block was reorged out) takes its swap off the feed. */
export function SwapsPanel({ chains }: { chains: ChainSummary[] }) {
  const [chainId, setChainId] = useState(chains[0]?.chainId ?? 1);
  // Keyed by chain: switching chains starts a fresh feed and subscription.
  return <SwapFeed key={chainId} chainId={chainId} chainPicker={<ChainSelect chains={chains} value={chainId} onChange={setChainId} label="Chain for swaps" />} />;
}
