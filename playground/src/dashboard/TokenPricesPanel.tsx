import { useEffect, useState } from 'react';
import { ChainSelect } from './ChainSelect';
import { formatPrice, shortHex } from './format';
import { Panel } from './Panel';
import type { ChainSummary } from './types';
import { useFlash } from './useFlash';
import { useQuery, useSubscription } from './useGraphql';

const TOKENS = `query DashboardTokens($chainId: Int!) {
  tokens(chainId: $chainId, first: 12, orderBy: confidence, orderDirection: desc, where: { priceUsd_gt: 0 }) {
    nodes { address symbol priceUsd confidence priceUpdatedAt }
  }
}`;
const PRICE_UPDATED = 'subscription DashboardPrices($chainId: Int!) { tokenPriceUpdated(chainId: $chainId) { address symbol priceUsd confidence priceUpdatedAt } }';

interface TokenPrice {
  address: string;
  symbol: string | null;
  priceUsd: number | null;
  confidence: number;
  priceUpdatedAt: string | null;
}

function Row({ token, ticks }: { token: TokenPrice; ticks: number }) {
  const flash = useFlash(token.priceUsd);
  return (
    <tr data-testid={`token-${token.symbol ?? token.address}`}>
      <td>
        {token.symbol ?? shortHex(token.address)}
        <span className="muted small hide-narrow"> {shortHex(token.address)}</span>
      </td>
      <td className={`num ${flash}`} data-testid="token-price">{formatPrice(token.priceUsd)}</td>
      <td className="num">{Math.round(token.confidence * 100)}%</td>
      <td className="num muted" title="price updates received since the page loaded">{ticks}</td>
    </tr>
  );
}

/** Prices of one chain's best-covered tokens, ticking with tokenPriceUpdated (rows flash green/red). */
export function TokenPricesPanel({ chains }: { chains: ChainSummary[] }) {
  const [chainId, setChainId] = useState(chains[0]?.chainId ?? 1);
  const { data, error } = useQuery<{ tokens: { nodes: TokenPrice[] } }>(TOKENS, { chainId }, 60_000);
  const [live, setLive] = useState<Record<string, TokenPrice>>({});
  const [ticks, setTicks] = useState<Record<string, number>>({});
  useEffect(() => {
    setLive({});
    setTicks({});
  }, [chainId]);
  const subscriptionError = useSubscription<{ tokenPriceUpdated: TokenPrice }>(PRICE_UPDATED, { chainId }, ({ tokenPriceUpdated: token }) => {
    setLive((prev) => ({ ...prev, [token.address]: token }));
    setTicks((prev) => ({ ...prev, [token.address]: (prev[token.address] ?? 0) + 1 }));
  });
  const rows = data?.tokens.nodes.map((token) => live[token.address] ?? token);
  const totalTicks = Object.values(ticks).reduce((sum, n) => sum + n, 0);
  return (
    <Panel
      title="Token prices"
      testId="prices-panel"
      errors={[error, subscriptionError]}
      actions={<ChainSelect chains={chains} value={chainId} onChange={setChainId} label="Chain for token prices" />}
    >
      {rows ? (
        rows.length ? (
          <>
            <div className="table-scroll">
              <table>
                <thead>
                  <tr>
                    <th>Token</th>
                    <th className="num">Price</th>
                    <th className="num">Conf.</th>
                    <th className="num" title="updates since the page loaded">Ticks</th>
                  </tr>
                </thead>
                <tbody>
                  {rows.map((token) => (
                    <Row key={token.address} token={token} ticks={ticks[token.address] ?? 0} />
                  ))}
                </tbody>
              </table>
            </div>
            <p className="muted small" data-testid="price-ticks">{totalTicks} price updates since the page loaded</p>
          </>
        ) : (
          <p className="muted">No priced token on this chain yet.</p>
        )
      ) : error ? null : (
        <p className="muted">Loading prices…</p>
      )}
    </Panel>
  );
}
