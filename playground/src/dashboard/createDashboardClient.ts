import { createClient } from 'graphql-ws';
import { apiKeyConnectionParams, apiKeyHeaders } from '../shared/apiKey';
import { graphqlHttpUrl, graphqlWsUrl } from '../shared/endpoints';
import { DisplayableError, fromGraphqlErrors, toDisplayError, type DisplayError } from './displayError';

export interface DashboardClient {
  /** Runs a query over HTTP; rejects with a DisplayableError carrying the server's code. */
  query<T>(query: string, variables?: Record<string, unknown>): Promise<T>;
  /** Subscribes over graphql-ws; returns the unsubscribe function. */
  subscribe<T>(query: string, variables: Record<string, unknown>, onData: (data: T) => void, onError: (error: DisplayError) => void): () => void;
  dispose(): void;
}

interface GraphqlResponse<T> {
  data?: T | null;
  errors?: unknown[];
}

/** One HTTP + one graphql-ws client for the whole dashboard, both carrying the API key. */
export function createDashboardClient(apiKey: string): DashboardClient {
  const ws = createClient({
    url: graphqlWsUrl(),
    connectionParams: apiKeyConnectionParams(apiKey),
    lazy: true,
    retryAttempts: 5,
  });
  return {
    async query<T>(query: string, variables?: Record<string, unknown>): Promise<T> {
      const response = await fetch(graphqlHttpUrl(), {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json', ...apiKeyHeaders(apiKey) },
        body: JSON.stringify({ query, variables }),
      });
      let body: GraphqlResponse<T>;
      try {
        body = (await response.json()) as GraphqlResponse<T>;
      } catch {
        throw new DisplayableError({ code: `HTTP_${response.status}`, message: `the server answered ${response.status} ${response.statusText} without a GraphQL body` });
      }
      if (body.errors?.length) throw new DisplayableError(fromGraphqlErrors(body.errors));
      if (!body.data) throw new DisplayableError({ code: `HTTP_${response.status}`, message: 'the server answered without data' });
      return body.data;
    },
    subscribe<T>(query: string, variables: Record<string, unknown>, onData: (data: T) => void, onError: (error: DisplayError) => void) {
      return ws.subscribe<T>(
        { query, variables },
        {
          next: (result) => {
            if (result.errors?.length) onError(fromGraphqlErrors(result.errors));
            else if (result.data) onData(result.data as T);
          },
          error: (error) => onError(toDisplayError(error)),
          complete: () => undefined,
        },
      );
    },
    dispose: () => void ws.dispose(),
  };
}
