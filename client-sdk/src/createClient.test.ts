import { afterEach, describe, expect, it, vi } from 'vitest';
import { createClient } from './createClient.js';
import { BlockAddedDocument, ChainDocument, ChainsDocument } from './generated/graphql.js';
import { OnChainError } from './onChainError.js';
import type { FetchLike } from './postOperation.js';

function recordingFetch(body: unknown) {
  const requests: Parameters<FetchLike>[] = [];
  const fetchImpl: FetchLike = async (...args) => {
    requests.push(args);
    return { status: 200, headers: { get: () => null }, text: async () => JSON.stringify(body) };
  };
  return { fetchImpl, requests };
}

describe('createClient()', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('sends the printed operation, its name, the variables and the api key', async () => {
    const { fetchImpl, requests } = recordingFetch({ data: { chain: { chainId: 1 } } });
    const client = createClient({ url: 'http://api/graphql', apiKey: 'ocs_k', fetch: fetchImpl });
    const data = await client.query(ChainDocument, { chainId: 1 });
    expect(data.chain.chainId).toBe(1);
    const [url, init] = requests[0]!;
    const sent = JSON.parse(init.body) as { query: string; operationName: string; variables: unknown };
    expect(url).toBe('http://api/graphql');
    expect(init.headers['x-api-key']).toBe('ocs_k');
    expect(sent.operationName).toBe('Chain');
    expect(sent.variables).toEqual({ chainId: 1 });
    expect(sent.query).toMatch(/^query Chain\(\$chainId: Int!\)/);
    expect(sent.query).toContain('fragment ChainFields on Chain');
  });

  it('sends no api key header for an anonymous client', async () => {
    const { fetchImpl, requests } = recordingFetch({ data: { chains: [] } });
    await createClient({ url: 'http://api/graphql', fetch: fetchImpl }).query(ChainsDocument);
    expect(requests[0]![1].headers).not.toHaveProperty('x-api-key');
  });

  it('refuses to subscribe with WEBSOCKET_UNAVAILABLE when there is neither webSocketImpl nor a global WebSocket', () => {
    vi.stubGlobal('WebSocket', undefined);
    const client = createClient({ url: 'http://api/graphql', fetch: recordingFetch({}).fetchImpl });
    let thrown: unknown;
    try {
      client.subscribe(BlockAddedDocument, { chainId: 1 });
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(OnChainError);
    expect((thrown as OnChainError).code).toBe('WEBSOCKET_UNAVAILABLE');
  });
});
