import { Kind, print, type DocumentNode } from 'graphql';
import { buildOnChainError, toGraphQLErrors } from './buildOnChainError.js';
import { buildSocketError } from './buildSocketError.js';
import { createEventQueue, type OnChainSubscription } from './createEventQueue.js';
import { createResumeTracker } from './createResumeTracker.js';
import { OnChainError } from './onChainError.js';

export interface RetryOptions {
  /** Reconnects in a row before a subscription fails with NETWORK_ERROR; also resubscriptions in a row after a retryable error. Default 20. */
  attempts?: number;
  /** First backoff delay; doubles per attempt, with jitter (50-100% of the value). Default 500 ms. */
  baseDelayMs?: number;
  /** Largest backoff delay. Default 30 s. */
  maxDelayMs?: number;
}

/** A subscribe message's payload; `variables` is read once per message sent (graphql-ws re-sends it after a reconnect). */
export interface SubscribePayload {
  query: string;
  operationName?: string;
  readonly variables: Record<string, unknown>;
}

/** What the SDK needs of a transport: graphql-ws's `Client.subscribe`. */
export type SubscribeFn = (
  payload: SubscribePayload,
  sink: { next(result: { data?: unknown; errors?: unknown }): void; error(reported: unknown): void; complete(): void },
) => () => void;

export interface StartSubscriptionOptions {
  /** Called when a subscribe message is due (lazily creates the WebSocket client). */
  subscribe: () => SubscribeFn;
  /** The chain's indexed head (null when nothing is indexed yet): a resumable subscription without fromBlock starts after it. */
  indexedBlock: (chainId: number) => Promise<number | null>;
  retry?: RetryOptions;
  /** Default 10,000 (DEFAULT_MAX_BUFFERED_EVENTS). */
  maxBufferedEvents?: number;
}

const printed = new WeakMap<DocumentNode, { query: string; operationName?: string }>();

/** The printed document and its operation name (cached per document). */
export function serialize(document: DocumentNode): { query: string; operationName?: string } {
  let entry = printed.get(document);
  if (!entry) {
    const operation = document.definitions.find((d) => d.kind === Kind.OPERATION_DEFINITION);
    entry = operation?.name ? { query: print(document), operationName: operation.name.value } : { query: print(document) };
    printed.set(document, entry);
  }
  return entry;
}

/** base x 2^retries, capped at maxDelayMs, times 0.5-1 jitter. */
export function backoffMs(retries: number, retry: RetryOptions): number {
  const ceiling = Math.min(retry.maxDelayMs ?? 30_000, (retry.baseDelayMs ?? 500) * 2 ** retries);
  return ceiling * (0.5 + Math.random() / 2);
}

/**
 * Runs one subscription: resumes block-ordered streams (see createResumeTracker), learns a starting block over
 * HTTP for a resumable subscription without `fromBlock`, and resubscribes after a retryable error (RATE_LIMITED,
 * SERVICE_UNAVAILABLE, a failed HTTP request) after `retryAfterSeconds` or backoff, at most `retry.attempts` times in a row.
 * A NETWORK_ERROR of the WebSocket is final here: the transport already spent its reconnects.
 */
export function startSubscription<R>(document: DocumentNode, variables: Record<string, unknown>, options: StartSubscriptionOptions): OnChainSubscription<R> {
  const retry = options.retry ?? {};
  const tracker = createResumeTracker(document, variables);
  const serialized = serialize(tracker?.document ?? document);
  let cancel: (() => void) | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let generation = 0;
  let failures = 0;
  let stopped = false;
  const queue = createEventQueue<R>(() => {
    stopped = true;
    clearTimeout(timer);
    cancel?.();
  }, options.maxBufferedEvents);

  const retryOrFail = (error: OnChainError, fromSocket: boolean) => {
    generation++;
    cancel?.();
    cancel = undefined;
    if (stopped) return;
    if (!error.retryable || (fromSocket && error.code === 'NETWORK_ERROR') || failures >= (retry.attempts ?? 20)) {
      queue.fail(error);
      return;
    }
    const delayMs = error.retryAfterSeconds !== undefined ? error.retryAfterSeconds * 1000 : backoffMs(failures, retry);
    failures++;
    timer = setTimeout(() => void run(), delayMs);
  };

  async function run(): Promise<void> {
    const current = ++generation;
    try {
      if (tracker?.needsStart() && tracker.chainId !== undefined) {
        const head = await options.indexedBlock(tracker.chainId);
        if (head !== null) tracker.start(head + 1);
      }
    } catch (error) {
      if (current === generation) retryOrFail(error instanceof OnChainError ? error : buildSocketError(error), false);
      return;
    }
    if (stopped || current !== generation) return;
    const payload: SubscribePayload = {
      ...serialized,
      get variables() {
        return tracker ? tracker.variables() : variables;
      },
    };
    const live = () => current === generation && !stopped;
    cancel = options.subscribe()(payload, {
      next: (result) => {
        if (!live()) return;
        const errors = toGraphQLErrors(result.errors);
        if (errors.length > 0) return retryOrFail(buildOnChainError(errors, { data: result.data ?? undefined }), false);
        failures = 0;
        for (const item of tracker ? tracker.accept(result.data) : [result.data]) queue.push(item as R);
      },
      error: (reported) => {
        if (live()) retryOrFail(buildSocketError(reported), true);
      },
      complete: () => {
        if (live()) queue.end();
      },
    });
  }

  void run().catch((error: unknown) => queue.fail(error instanceof OnChainError ? error : buildSocketError(error)));
  return queue.subscription;
}
