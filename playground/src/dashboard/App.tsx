import { useEffect, useState } from 'react';
import { readApiKey, saveApiKey } from '../shared/apiKey';
import { TopBar } from '../shared/TopBar';
import { ChainStatusPanel } from './ChainStatusPanel';
import { ClientContext } from './clientContext';
import { createDashboardClient, type DashboardClient } from './createDashboardClient';
import { KeyUsagePanel } from './KeyUsagePanel';
import { ErrorBox } from './Panel';
import { ProtocolsPanel } from './ProtocolsPanel';
import { SwapsPanel } from './SwapsPanel';
import { TokenPricesPanel } from './TokenPricesPanel';
import { CHAINS_QUERY, type ChainSummary } from './types';
import { useQuery } from './useGraphql';

function Panels() {
  const { data, error } = useQuery<{ chains: ChainSummary[] }>(CHAINS_QUERY, {}, 10_000);
  const chains = data?.chains;
  return (
    <main className="dashboard">
      {error ? (
        <div className="banner" data-testid="global-error">
          <strong>The API refused this dashboard&apos;s requests.</strong>
          <ErrorBox error={error} />
        </div>
      ) : null}
      <div className="grid">
        <ChainStatusPanel chains={chains} error={error} />
        <ProtocolsPanel />
        {chains?.length ? <TokenPricesPanel chains={chains} /> : null}
        {chains?.length ? <SwapsPanel chains={chains} /> : null}
        <KeyUsagePanel />
      </div>
    </main>
  );
}

/** The live dashboard: one client per API key; changing the key rebuilds every panel with it. */
export function App() {
  const [apiKey, setApiKey] = useState(readApiKey);
  const [client, setClient] = useState<DashboardClient>();
  useEffect(() => {
    const next = createDashboardClient(apiKey);
    setClient(next);
    return () => next.dispose();
  }, [apiKey]);
  const changeKey = (next: string) => {
    saveApiKey(next);
    setApiKey(next);
  };
  return (
    <>
      <TopBar page="dashboard" apiKey={apiKey} onApiKeyChange={changeKey} />
      {client ? (
        <ClientContext.Provider value={client}>
          <Panels key={apiKey} />
        </ClientContext.Provider>
      ) : null}
    </>
  );
}
