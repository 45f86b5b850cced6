import { execFileSync } from 'node:child_process';
import { createServer, connect, type Server, type Socket } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, expectTypeOf, it } from 'vitest';
import WebSocket from 'ws';
import type * as Sdk from '../../client-sdk/src/index.js';
import { unusedPort, waitFor } from '../helpers/rpc.js';
import { startTestApp, type TestApp } from '../helpers/startTestApp.js';

const root = fileURLToPath(new URL('../..', import.meta.url));

/** Builds the SDK with its own tsconfig (as `npm run sdk:build` does) and imports the built package. */
async function buildAndImportSdk(): Promise<typeof Sdk> {
  execFileSync(process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '-p', join(root, 'client-sdk')], { stdio: 'pipe' });
  return (await import(pathToFileURL(join(root, 'client-sdk/dist/index.js')).href)) as typeof Sdk;
}

/** A TCP relay in front of the API whose connections the test can cut (both sides see the socket die). */
interface Relay {
  port: number;
  /** Connections accepted so far. */
  connections: () => number;
  cutAll(): void;
  close(): Promise<void>;
}

async function startRelay(targetPort: number): Promise<Relay> {
  const cuts = new Set<() => void>();
  let accepted = 0;
  const server: Server = createServer((downstream: Socket) => {
    accepted++;
    const upstream = connect(targetPort, '127.0.0.1');
    const cut = () => {
      cuts.delete(cut);
      downstream.destroy();
      upstream.destroy();
    };
    cuts.add(cut);
    for (const socket of [downstream, upstream]) socket.on('error', cut).on('close', cut);
    downstream.pipe(upstream).pipe(downstream);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as { port: number }).port,
    connections: () => accepted,
    cutAll: () => [...cuts].forEach((cut) => cut()),
    close: async () => {
      [...cuts].forEach((cut) => cut());
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** The next value of a subscription, or an error after `timeoutMs`. */
async function nextOf<T>(iterator: AsyncIterator<T>, timeoutMs = 15_000): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`no subscription value within ${timeoutMs} ms`)), timeoutMs)));
  try {
    const result = await Promise.race([iterator.next(), timeout]);
    if (result.done) throw new Error('the subscription ended');
    return result.value;
  } finally {
    clearTimeout(timer);
  }
}

/** A `ws` WebSocket class that records the graphql-ws messages the SDK sends (to see each subscribe's fromBlock). */
function recordingWebSocket() {
  const sent: { type: string; payload?: { variables?: { fromBlock?: number } } }[] = [];
  class RecordingWebSocket extends WebSocket {
    override send(data: unknown, ...rest: unknown[]): void {
      sent.push(JSON.parse(String(data)) as (typeof sent)[number]);
      (super.send as (...args: unknown[]) => void)(data, ...rest);
    }
  }
  return { RecordingWebSocket, subscribes: () => sent.filter((m) => m.type === 'subscribe') };
}

async function failureOf(promise: Promise<unknown>): Promise<Sdk.OnChainError> {
  const error = await promise.then(() => undefined, (e: unknown) => e);
  expect((error as Error)?.name).toBe('OnChainError');
  return error as Sdk.OnChainError;
}

describe('the SDK (client-sdk, built with tsc) against the platform on the devnet', () => {
  let sdk: typeof Sdk;
  let t: TestApp;
  let client: Sdk.OnChainClient;
  const clients: Sdk.OnChainClient[] = [];
  const relays: Relay[] = [];
  const clientOf = (url: string, options: Partial<Sdk.ClientOptions> = {}) => {
    const created = sdk.createClient({ url, webSocketImpl: WebSocket, retry: { baseDelayMs: 200, maxDelayMs: 1_000 }, ...options });
    clients.push(created);
    return created;
  };

  beforeAll(async () => {
    sdk = await buildAndImportSdk();
    t = await startTestApp({ DEVNET_BLOCK_TIME_MS: '300' });
    client = clientOf(`${t.baseUrl}/graphql`);
  });
  afterAll(async () => {
    for (const c of clients) await c.close();
    for (const relay of relays) await relay.close();
    await t?.stop();
  });

  it('runs typed queries of chains, pools and protocols', async () => {
    const { chains } = await waitFor(async () => {
      const data = await client.query(sdk.ChainsDocument);
      return data.chains.length === 2 && data.chains.every((c) => c.status === 'LIVE') ? data : undefined;
    }, 60_000, 'both chains live');
    expectTypeOf(chains[0]!.status).toEqualTypeOf<Sdk.ChainStatus>();
    expect(chains.map((c) => [c.chainId, c.name])).toEqual([[1, 'ethereum'], [42161, 'arbitrum']]);

    const { pools } = await waitFor(async () => {
      const data = await client.query(sdk.PoolsDocument, { chainId: 1, first: 10, orderBy: 'tvlUsd' });
      return data.pools.nodes.some((p) => p.tvlUsd > 0) ? data : undefined;
    }, 90_000, 'priced pools');
    expectTypeOf(pools.nodes[0]!.reserve0).toEqualTypeOf<string>();
    const top = pools.nodes[0]!;
    expect(top.tvlUsd).toBeGreaterThan(0);
    expect(BigInt(top.reserve0)).toBeGreaterThan(0n);
    expect(top.token0.address).toMatch(/^0x[0-9a-fA-F]{40}$/);
    const one = await client.query(sdk.PoolDocument, { chainId: 1, address: top.address });
    expect(one.pool.address).toBe(top.address);

    const { protocols } = await client.query(sdk.ProtocolsDocument);
    expect(protocols.nodes.find((p) => p.slug === 'uniswap-v2')).toMatchObject({ name: 'Uniswap V2', chains: expect.arrayContaining(['ethereum']) });
    // Variables are checked at compile time: a required one cannot be left out.
    const typeOnly = () => {
      // @ts-expect-error chainId is required
      void client.query(sdk.ChainDocument);
    };
    expect(typeof typeOnly).toBe('function');
  });

  it('streams blockAdded as consecutive blocks of the chain', async () => {
    const subscription = client.subscribe(sdk.BlockAddedDocument, { chainId: 42161 });
    const blocks = subscription[Symbol.asyncIterator]();
    const first = (await nextOf(blocks)).blockAdded;
    const second = (await nextOf(blocks)).blockAdded;
    subscription.unsubscribe();
    expect(first.chainId).toBe(42161);
    expect(second.number).toBe(first.number + 1);
    expect(second.parentHash).toBe(first.hash);
  });

  it('surfaces server errors as OnChainError with their code, over HTTP and over the WebSocket', async () => {
    const http = await failureOf(client.query(sdk.ChainDocument, { chainId: 999 }));
    expect({ code: http.code, retryable: http.retryable }).toEqual({ code: 'NOT_FOUND', retryable: false });
    expect(http.message).toMatch(/999/);

    const subscription = client.subscribe(sdk.BlockAddedDocument, { chainId: 999 });
    const ws = await failureOf(nextOf(subscription[Symbol.asyncIterator]()));
    expect(ws.code).toBe('NOT_FOUND');

    const invalid = await failureOf(client.query(sdk.PoolsDocument, { chainId: 1, first: 0 }));
    expect(invalid.code).toBe('BAD_USER_INPUT');
    expect(invalid.message).toMatch(/first/);

    // A page of 1000 pools with their tokens is over the anonymous cost limit: the error says by how much.
    const tooBig = await failureOf(client.query(sdk.PoolsDocument, { chainId: 1, first: 1000 }));
    expect(tooBig.code).toBe('QUERY_TOO_COMPLEX');
    expect(tooBig.cost).toBeGreaterThan(tooBig.limit!);
    expect(tooBig.status).toBe(400);
  });

  it('surfaces a refused API key as UNAUTHENTICATED, over HTTP and over the WebSocket', async () => {
    const bogus = clientOf(`${t.baseUrl}/graphql`, { apiKey: 'not-a-key' });
    const http = await failureOf(bogus.query(sdk.ChainsDocument));
    expect({ code: http.code, status: http.status }).toEqual({ code: 'UNAUTHENTICATED', status: 401 });
    const ws = await failureOf(nextOf(bogus.subscribe(sdk.BlockAddedDocument, { chainId: 1 })[Symbol.asyncIterator]()));
    expect({ code: ws.code, closeCode: ws.extensions.closeCode }).toEqual({ code: 'UNAUTHENTICATED', closeCode: 4403 });
  });

  it('reports an unreachable server as NETWORK_ERROR, over HTTP and (after its retries) over the WebSocket', async () => {
    const port = await unusedPort();
    const down = clientOf(`http://127.0.0.1:${port}/graphql`, { retry: { attempts: 2, baseDelayMs: 10, maxDelayMs: 20 } });
    const http = await failureOf(down.query(sdk.ChainsDocument));
    expect({ code: http.code, retryable: http.retryable }).toEqual({ code: 'NETWORK_ERROR', retryable: true });
    const ws = await failureOf(nextOf(down.subscribe(sdk.BlockAddedDocument, { chainId: 1 })[Symbol.asyncIterator]()));
    expect(ws.code).toBe('NETWORK_ERROR');
  });

  it('keeps a subscription going after its connection is cut mid-stream (reconnects with backoff)', async () => {
    const relay = await startRelay(t.app.port);
    relays.push(relay);
    const relayed = clientOf(`http://127.0.0.1:${relay.port}/graphql`);
    const subscription = relayed.subscribe(sdk.BlockAddedDocument, { chainId: 1 });
    const blocks = subscription[Symbol.asyncIterator]();
    const before = (await nextOf(blocks)).blockAdded;
    relay.cutAll();
    await waitFor(() => relay.connections() >= 2, 15_000, 'a second connection');
    // A block or two may have been queued before the cut; the last ones come over the new connection.
    const after: (typeof before)[] = [];
    while (after.length < 5) after.push((await nextOf(blocks)).blockAdded);
    subscription.unsubscribe();
    expect(relay.connections()).toBe(2);
    const numbers = [before, ...after].map((b) => b.number);
    expect(numbers).toEqual([...numbers].sort((a, b) => a - b));
    expect(new Set(numbers).size).toBe(numbers.length);
    expect(after[4]!.number).toBe(after[3]!.number + 1);
    expect(after[4]!.parentHash).toBe(after[3]!.hash);
  });

  it('resumes poolSwaps after a cut from the last block seen: the same swaps as an uninterrupted stream, none twice', async () => {
    const relay = await startRelay(t.app.port);
    relays.push(relay);
    const { RecordingWebSocket, subscribes } = recordingWebSocket();
    const head = await waitFor(async () => (await client.query(sdk.ChainDocument, { chainId: 1 })).chain.indexedBlock, 30_000, 'an indexed head');
    const variables = { chainId: 1, fromBlock: Math.max(1, head - 20) };
    const reference = client.subscribe(sdk.PoolSwapsDocument, variables);
    const resumed = clientOf(`http://127.0.0.1:${relay.port}/graphql`, { webSocketImpl: RecordingWebSocket }).subscribe(sdk.PoolSwapsDocument, variables);
    const swaps = resumed[Symbol.asyncIterator]();
    const got: Sdk.PoolSwapsSubscription['poolSwaps'][] = [];
    while (got.length < 3) got.push((await nextOf(swaps, 30_000)).poolSwaps);

    relay.cutAll();
    const resubscription = await waitFor(() => subscribes()[1], 20_000, 'the resubscription');
    // It resumes from the last block received (events past the consumer's position may already be queued).
    const resumeBlock = resubscription.payload!.variables!.fromBlock!;
    expect(resumeBlock).toBeGreaterThanOrEqual(got.at(-1)!.blockNumber);
    while (got.at(-1)!.blockNumber < resumeBlock + 3) got.push((await nextOf(swaps, 30_000)).poolSwaps);
    resumed.unsubscribe();

    const expected: typeof got = [];
    const referenceSwaps = reference[Symbol.asyncIterator]();
    while (expected.length < got.length) expected.push((await nextOf(referenceSwaps, 30_000)).poolSwaps);
    reference.unsubscribe();

    const keyOf = (s: (typeof got)[number]) => `${s.blockNumber}:${s.logIndex}:${s.transactionHash}:${s.removed}`;
    expect(got.map(keyOf)).toEqual(expected.map(keyOf));
    expect(new Set(got.map(keyOf)).size).toBe(got.length);
    expect(subscribes()).toHaveLength(2);
    expect(subscribes()[0]!.payload?.variables?.fromBlock).toBe(variables.fromBlock);
    expect(relay.connections()).toBe(2);
  });

  it('starts poolSwaps without fromBlock after the indexed head, so a cut before the first swap loses none', async () => {
    const relay = await startRelay(t.app.port);
    relays.push(relay);
    const { RecordingWebSocket, subscribes } = recordingWebSocket();
    const head = await waitFor(async () => (await client.query(sdk.ChainDocument, { chainId: 1 })).chain.indexedBlock, 30_000, 'an indexed head');
    const live = clientOf(`http://127.0.0.1:${relay.port}/graphql`, { webSocketImpl: RecordingWebSocket }).subscribe(sdk.PoolSwapsDocument, { chainId: 1 });
    const swaps = live[Symbol.asyncIterator]();
    const pending = swaps.next(); // starts the subscription
    const first = await waitFor(() => subscribes()[0], 20_000, 'the first subscribe');
    const start = first.payload!.variables!.fromBlock!;
    expect(start).toBeGreaterThanOrEqual(head + 1);
    relay.cutAll();
    const second = await waitFor(() => subscribes()[1], 20_000, 'the resubscription');
    expect(second.payload!.variables!.fromBlock).toBeGreaterThanOrEqual(start);

    const got: Sdk.PoolSwapsSubscription['poolSwaps'][] = [];
    const firstResult = await pending;
    if (firstResult.done) throw new Error('the subscription ended');
    got.push(firstResult.value.poolSwaps);
    while (got.length < 4) got.push((await nextOf(swaps, 30_000)).poolSwaps);
    live.unsubscribe();
    // The same swaps as a subscription that asked for fromBlock = start and was never cut.
    const reference = client.subscribe(sdk.PoolSwapsDocument, { chainId: 1, fromBlock: start });
    const referenceSwaps = reference[Symbol.asyncIterator]();
    const expected: typeof got = [];
    while (expected.length < got.length) expected.push((await nextOf(referenceSwaps, 30_000)).poolSwaps);
    reference.unsubscribe();
    const keyOf = (s: (typeof got)[number]) => `${s.blockNumber}:${s.logIndex}:${s.transactionHash}:${s.removed}`;
    expect(got.map(keyOf)).toEqual(expected.map(keyOf));
    expect(got[0]!.blockNumber).toBeGreaterThanOrEqual(start);
  });
});
