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

/** Builds the queue; `onStop` runs once, when the consumer unsubscribes or stops iterating. */
export function createEventQueue<T>(onStop: () => void): EventQueue<T> {
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
      values.push(value);
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
