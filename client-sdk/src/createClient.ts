import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { parse, type DocumentNode } from 'graphql';
import { createClient as createWsClient, type Client as WsClient } from 'graphql-ws';
import type { OnChainSubscription } from './createEventQueue.js';
import { OnChainError } from './onChainError.js';
import { postOperation, type FetchLike } from './postOperation.js';
import { backoffMs, serialize, startSubscription, type RetryOptions, type SubscribeFn } from './startSubscription.js';

export type { RetryOptions } from './startSubscription.js';

export interface ClientOptions {
  /** The HTTP GraphQL endpoint, e.g. `https://api.example/graphql`. */
  url: string;
  /** WebSocket endpoint. Default: `url` with `http` replaced by `ws`. */
  wsUrl?: string;
  /** Sent as `x-api-key` over HTTP and as `{ apiKey }` in graphql-ws `connection_init`. Default: anonymous. */
  apiKey?: string;
  /** A WebSocket class: `ws` on Node 20 (`import WebSocket from 'ws'`). Default: the global `WebSocket`. */
  webSocketImpl?: unknown;
  /** Default: the global `fetch`. */
  fetch?: FetchLike;
  /** WebSocket reconnects (subscriptions survive them) and resubscriptions after a retryable error. */
  retry?: RetryOptions;
  /** Unread events buffered per subscription before it fails with SLOW_CONSUMER. Default 10,000. */
  maxBufferedEvents?: number;
  /** A ping is sent after this much silence; no pong within the same time closes the socket and reconnects. Default 10 s; 0 turns it off. */
  keepAliveMs?: number;
}

/** Variables are optional when the operation has no required ones. */
export type VariablesArg<V> = Record<string, never> extends V ? [variables?: V] : [variables: V];

export interface OnChainClient {
  /** Runs a query over HTTP and resolves with its data. Throws OnChainError. */
  query<R, V extends Record<string, unknown>>(document: TypedDocumentNode<R, V>, ...variables: VariablesArg<V>): Promise<R>;
  /** Runs a mutation over HTTP and resolves with its data. Throws OnChainError. */
  mutate<R, V extends Record<string, unknown>>(document: TypedDocumentNode<R, V>, ...variables: VariablesArg<V>): Promise<R>;
  /**
   * Subscribes over graphql-ws. Reconnects with backoff; a subscription with `fromBlock: $var` that selects
   * `blockNumber` and `logIndex` resumes from the last block it delivered, without gap or duplicate, retracting
   * what a reorg orphaned (without `fromBlock` it first reads the chain's indexed head over HTTP and starts after it).
   * Retryable errors (RATE_LIMITED, SERVICE_UNAVAILABLE) resubscribe after backoff. Iteration throws OnChainError.
   */
  subscribe<R, V extends Record<string, unknown>>(document: TypedDocumentNode<R, V>, ...variables: VariablesArg<V>): OnChainSubscription<R>;
  /** Closes the WebSocket (every subscription ends). */
  close(): Promise<void>;
}

/** The indexed head a resumable subscription without fromBlock starts after. */
const INDEXED_BLOCK = parse('query OcsResumeStart($chainId: Int!) { chain(chainId: $chainId) { indexedBlock } }');

/** A graphql-ws client with backoff and a ping/pong watchdog (a silent, half-open connection is replaced). */
function connectWs(options: ClientOptions): WsClient {
  const webSocketImpl = options.webSocketImpl ?? (globalThis as { WebSocket?: unknown }).WebSocket;
  if (!webSocketImpl) {
    throw new OnChainError({ code: 'WEBSOCKET_UNAVAILABLE', message: 'No global WebSocket: pass webSocketImpl (on Node 20: `import WebSocket from "ws"`)' });
  }
  const retry = options.retry ?? {};
  const keepAliveMs = options.keepAliveMs ?? 10_000;
  let pongTimer: ReturnType<typeof setTimeout> | undefined;
  let socket: { close(code: number, reason: string): void } | undefined;
  const client = createWsClient({
    url: options.wsUrl ?? options.url.replace(/^http/, 'ws'),
    webSocketImpl,
    lazy: true,
    connectionParams: options.apiKey ? { apiKey: options.apiKey } : undefined,
    retryAttempts: retry.attempts ?? 20,
    // Refused connections and abrupt closes are retried; a key the server forbids will not become valid.
    shouldRetry: (reported) => (reported as { code?: unknown } | null)?.code !== 4403,
    retryWait: (retries) => new Promise((resolve) => setTimeout(resolve, backoffMs(retries, retry))),
    keepAlive: keepAliveMs,
    on: {
      connected: (s) => (socket = s as typeof socket),
      closed: () => clearTimeout(pongTimer),
      ping: (received) => {
        if (received || keepAliveMs <= 0) return;
        clearTimeout(pongTimer);
        pongTimer = setTimeout(() => socket?.close(4408, 'Pong timeout'), keepAliveMs);
      },
      pong: (received) => {
        if (received) clearTimeout(pongTimer);
      },
    },
  });
  return client;
}

/** Creates a typed client of the On-Chain Services API (HTTP for queries and mutations, graphql-ws for subscriptions). */
export function createClient(options: ClientOptions): OnChainClient {
  const headers: Record<string, string> = options.apiKey ? { 'x-api-key': options.apiKey } : {};
  let ws: WsClient | undefined;

  const request = async (document: DocumentNode, variables: Record<string, unknown> | undefined): Promise<never> => {
    const fetchImpl = options.fetch ?? (globalThis.fetch as unknown as FetchLike | undefined);
    if (!fetchImpl) throw new OnChainError({ code: 'NETWORK_ERROR', message: 'No global fetch: pass the fetch option' });
    return (await postOperation(fetchImpl, options.url, headers, { ...serialize(document), variables })) as never;
  };

  return {
    query: (document, ...[variables]) => request(document, variables),
    mutate: (document, ...[variables]) => request(document, variables),
    subscribe<R, V extends Record<string, unknown>>(document: TypedDocumentNode<R, V>, ...[variables]: VariablesArg<V>): OnChainSubscription<R> {
      ws ??= connectWs(options);
      return startSubscription<R>(document, (variables ?? {}) as Record<string, unknown>, {
        subscribe: () => {
          if (!ws) throw new OnChainError({ code: 'NETWORK_ERROR', message: 'The client was closed' });
          return ws.subscribe.bind(ws) as SubscribeFn;
        },
        indexedBlock: async (chainId) => {
          const data = (await request(INDEXED_BLOCK, { chainId })) as { chain?: { indexedBlock?: unknown } };
          return typeof data.chain?.indexedBlock === 'number' ? data.chain.indexedBlock : null;
        },
        retry: options.retry,
        maxBufferedEvents: options.maxBufferedEvents,
      });
    },
    close: async () => {
      await ws?.dispose();
      ws = undefined;
    },
  };
}
