/** Options of {@link createSubscriptionQueue}. */
export interface SubscriptionQueueOptions {
  /** Events buffered for a consumer that is not reading; beyond it the oldest are dropped. Default 10,000. */
  maxBuffered?: number;
  /** Called once when the consumer ends the iteration (return() or break). */
  onClose: () => void;
  /** Called when an event is dropped because the consumer is too slow. */
  onOverflow?: () => void;
}

/**
 * A push-to-pull queue that is subscribed from the moment it is created (unlike lazy async generators), so that
 * nothing published between `subscribe()` and the first `next()` is lost.
 */
export function createSubscriptionQueue<T>(options: SubscriptionQueueOptions) {
  const max = options.maxBuffered ?? 10_000;
  const buffer: T[] = [];
  let waiting: ((result: IteratorResult<T>) => void) | null = null;
  let closed = false;

  const close = (): IteratorResult<T> => {
    if (!closed) {
      closed = true;
      buffer.length = 0;
      waiting?.({ value: undefined, done: true });
      waiting = null;
      options.onClose();
    }
    return { value: undefined, done: true };
  };

  const iterator: AsyncIterableIterator<T> = {
    next: () => {
      if (buffer.length > 0) return Promise.resolve({ value: buffer.shift() as T, done: false });
      if (closed) return Promise.resolve({ value: undefined, done: true });
      return new Promise((resolve) => (waiting = resolve));
    },
    return: () => Promise.resolve(close()),
    throw: (error?: unknown) => {
      close();
      return Promise.reject(error);
    },
    [Symbol.asyncIterator]() {
      return this;
    },
  };

  return {
    iterator,
    /** Delivers one event to the consumer. */
    push(value: T): void {
      if (closed) return;
      if (waiting) {
        const resolve = waiting;
        waiting = null;
        resolve({ value, done: false });
        return;
      }
      buffer.push(value);
      if (buffer.length > max) {
        buffer.shift();
        options.onOverflow?.();
      }
    },
    close,
  };
}
