import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';

export interface GraphQLResponse<T = Record<string, unknown>> {
  status: number;
  body: { data?: T | null; errors?: { message: string; extensions?: { code?: string } }[] };
}

/** POSTs a GraphQL operation and returns the status and parsed body. */
export async function postGraphql<T = Record<string, unknown>>(
  baseUrl: string,
  query: string,
  variables?: Record<string, unknown>,
): Promise<GraphQLResponse<T>> {
  const response = await fetch(`${baseUrl}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query, variables }),
  });
  return { status: response.status, body: (await response.json()) as GraphQLResponse<T>['body'] };
}

/** A live subscription whose values are queued until read. */
export interface TestSubscription<T> {
  /** The next value, or rejects after `timeoutMs`. */
  next(timeoutMs?: number): Promise<T>;
  /** Resolves with the errors when the server rejects the subscription. */
  errors: Promise<unknown[]>;
  close(): Promise<void>;
}

/** Opens a graphql-ws client (Node needs `ws` as the WebSocket implementation). */
export function createWsClient(wsUrl: string, options: { retryAttempts?: number } = {}): Client {
  return createClient({ url: wsUrl, webSocketImpl: WebSocket, retryAttempts: options.retryAttempts ?? 0, lazy: true });
}

/** Subscribes and queues results; the client is closed by `close()` when `ownClient` is set. */
export function subscribe<T>(client: Client, query: string, variables?: Record<string, unknown>): TestSubscription<T> {
  const queue: T[] = [];
  const waiters: ((value: T) => void)[] = [];
  let rejectErrors: (errors: unknown[]) => void = () => undefined;
  const errors = new Promise<unknown[]>((resolve) => (rejectErrors = resolve));
  const dispose = client.subscribe<T>(
    { query, variables },
    {
      next: (result) => {
        if (result.errors) return rejectErrors([...result.errors]);
        const value = result.data as T;
        const waiter = waiters.shift();
        if (waiter) waiter(value);
        else queue.push(value);
      },
      error: (error) => rejectErrors(Array.isArray(error) ? error : [error]),
      complete: () => undefined,
    },
  );
  return {
    next: (timeoutMs = 10_000) =>
      new Promise<T>((resolve, reject) => {
        const queued = queue.shift();
        if (queued !== undefined) return resolve(queued);
        const timer = setTimeout(() => reject(new Error(`no subscription value within ${timeoutMs} ms`)), timeoutMs);
        waiters.push((value) => {
          clearTimeout(timer);
          resolve(value);
        });
      }),
    errors,
    close: async () => dispose(),
  };
}
