import { createGraphiQLFetcher } from '@graphiql/toolkit';
import { GraphiQL } from 'graphiql';
import { useMemo, useState } from 'react';
import { apiKeyConnectionParams, apiKeyHeaders, readApiKey, saveApiKey } from '../shared/apiKey';
import { graphqlHttpUrl, graphqlWsUrl } from '../shared/endpoints';
import { TopBar } from '../shared/TopBar';
import { EXAMPLE_TABS } from './examples';

/** GraphiQL against this server: queries over HTTP (`x-api-key`), subscriptions over graphql-ws (`{ apiKey }`). */
export function Playground() {
  const [apiKey, setApiKey] = useState(readApiKey);
  // A new fetcher per key: GraphiQL reloads the schema with it, so a rejected key shows its error at once.
  const fetcher = useMemo(
    () =>
      createGraphiQLFetcher({
        url: graphqlHttpUrl(),
        subscriptionUrl: graphqlWsUrl(),
        headers: apiKeyHeaders(apiKey),
        wsConnectionParams: apiKeyConnectionParams(apiKey),
      }),
    [apiKey],
  );
  const changeKey = (next: string) => {
    saveApiKey(next);
    setApiKey(next);
  };
  return (
    <div className="playground">
      <TopBar page="playground" apiKey={apiKey} onApiKeyChange={changeKey} />
      <div className="playground-ide">
        <GraphiQL key={apiKey} fetcher={fetcher} defaultTabs={EXAMPLE_TABS} defaultEditorToolsVisibility="variables" />
      </div>
    </div>
  );
}
