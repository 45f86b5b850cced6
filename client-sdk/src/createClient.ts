import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { Kind, print, type DocumentNode } from 'graphql';
import { createClient as createWsClient, type Client as WsClient } from 'graphql-ws';
import { buildOnChainError, toGraphQLErrors } from './buildOnChainError.js';
import { buildSocketError } from './buildSocketError.js';
import { createEventQueue, type OnChainSubscription } from './createEventQueue.js';
import { createResumeTracker } from './createResumeTracker.js';
import { OnChainError } from './onChainError.js';
import { postOperation, type FetchLike } from './postOperation.js';

export interface RetryOptions {
  /** Reconnect attempts in a row before a subscription fails with NETWORK_ERROR. Default 20. */
  attempts?: number;
  /** First backoff delay; doubles per attempt, with jitter (50-100% of the value). Default 500 ms. */
  baseDelayMs?: number;
  /** Largest backoff delay. Default 30 s. */
  maxDelayMs?: number;
}

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
  /** WebSocket reconnects (subscriptions survive them). */
  retry?: RetryOptions;
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
   * `blockNumber` and `logIndex` resumes from the last block it delivered, without gap or duplicate.
   * Iteration throws OnChainError.
   */
  subscribe<R, V extends Record<string, unknown>>(document: TypedDocumentNode<R, V>, ...variables: VariablesArg<V>): OnChainSubscription<R>;
  /** Closes the WebSocket (every subscription ends). */
  close(): Promise<void>;
}

const printed = new WeakMap<DocumentNode, { query: string; operationName?: string }>();

function serialize(document: DocumentNode): { query: string; operationName?: string } {
  let entry = printed.get(document);
  if (!entry) {
    const operation = document.definitions.find((d) => d.kind === Kind.OPERATION_DEFINITION);
    entry = operation?.name ? { query: print(document), operationName: operation.name.value } : { query: print(document) };
    printed.set(document, entry);
  }
  return entry;
}

function backoffMs(retries: number, retry: RetryOptions): number {
  const ceiling = Math.min(retry.maxDelayMs ?? 30_000, (retry.baseDelayMs ?? 500) * 2 ** retries);
  return ceiling * (0.5 + Math.random() / 2);
}

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
      const initial = (variables ?? {}) as Record<string, unknown>;
      const tracker = createResumeTracker(document, initial);
      // graphql-ws re-sends this payload after every reconnect: the getter makes it resume from the last block seen.
      const payload = {
        ...serialize(document),
        get variables() {
          return tracker ? tracker.variables() : initial;
        },
      };
      // graphql-ws never calls the sink synchronously, so `stop` is assigned before either callback can run.
      const queue = createEventQueue<R>(() => stop());
      const stop = ws.subscribe<R>(payload, {
        next: (result) => {
          const errors = toGraphQLErrors(result.errors);
          if (errors.length > 0) {
            queue.fail(buildOnChainError(errors, { data: result.data ?? undefined }));
            stop();
          } else if (!tracker || tracker.accept(result.data)) {
            queue.push(result.data as R);
          }
        },
        error: (reported) => queue.fail(buildSocketError(reported)),
        complete: () => queue.end(),
      });
      return queue.subscription;
    },
    close: async () => {
      await ws?.dispose();
      ws = undefined;
    },
  };
}
