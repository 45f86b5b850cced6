import { OnChainError } from './onChainError.js';

/** A live subscription: iterate it with `for await`; `unsubscribe()` (or leaving the loop) stops it. */
export interface OnChainSubscription<T> extends AsyncIterable<T> {
  unsubscribe(): void;
}

/** The producer side of a subscription: a single-consumer queue that ends with nothing, or with an error. */
export interface EventQueue<T> {
  push(value: T): void;
  fail(error: Error): void;
  end(): void;
  subscription: OnChainSubscription<T>;
}

/** Events buffered for a consumer by default before its subscription fails with SLOW_CONSUMER. */
export const DEFAULT_MAX_BUFFERED_EVENTS = 10_000;

/**
 * Builds the queue; `onStop` runs once, when the consumer unsubscribes or stops iterating, or when more than
 * `maxBuffered` (default 10,000) values wait unread: the source is then stopped and, after the buffered values,
 * iteration throws OnChainError SLOW_CONSUMER.
 */
export function createEventQueue<T>(onStop: () => void, maxBuffered = DEFAULT_MAX_BUFFERED_EVENTS): EventQueue<T> {
  const values: T[] = [];
  let failure: Error | undefined;
  let ended = false;
  let stopped = false;
  let wake: (() => void) | undefined;
  const notify = () => {
    wake?.();
    wake = undefined;
  };
  const stop = () => {
    if (stopped) return;
    stopped = true;
    ended = true;
    values.length = 0;
    onStop();
    notify();
  };

  async function next(): Promise<IteratorResult<T, undefined>> {
    for (;;) {
      if (values.length > 0) return { done: false, value: values.shift() as T };
      if (failure) {
        const error = failure;
        failure = undefined;
        ended = true;
        throw error;
      }
      if (ended) return { done: true, value: undefined };
      await new Promise<void>((resolve) => (wake = resolve));
    }
  }

  return {
    push(value) {
      if (ended) return;
      if (values.length >= maxBuffered) {
        failure = new OnChainError({
          code: 'SLOW_CONSUMER',
          message: `The subscription was stopped: more than ${maxBuffered} events waited unread (read faster, or raise maxBufferedEvents)`,
          extensions: { maxBufferedEvents: maxBuffered },
        });
        ended = true;
        if (!stopped) {
          stopped = true;
          onStop();
        }
      } else {
        values.push(value);
      }
      notify();
    },
    fail(error) {
      if (ended) return;
      failure = error;
      ended = true;
      notify();
    },
    end() {
      ended = true;
      notify();
    },
    subscription: {
      unsubscribe: stop,
      [Symbol.asyncIterator]: () => ({
        next,
        return: async () => {
          stop();
          return { done: true, value: undefined };
        },
      }),
    },
  };
}
