/** Options of {@link conflate}. */
export interface ConflateOptions<T> {
  /** Least time between two values of one key, in ms (> 0). */
  minIntervalMs: number;
  /** The key values are conflated by (e.g. a token address); values of different keys never replace each other. */
  keyOf: (value: T) => string;
}

interface KeyState<T> {
  /** When this key last became ready for the consumer (ms since epoch). */
  lastReadyAtMs: number;
  /** The newest value waiting for the key's interval to pass. */
  pending?: { value: T };
  timer?: NodeJS.Timeout;
}

/**
 * Rate-limits an async iterator per key: at most one value per key every `minIntervalMs`, the newest value wins,
 * and the trailing (last) value of a burst is always delivered once its interval has passed. A value the consumer
 * has not pulled yet is replaced in place by a newer one of its key, so a slow consumer holds at most one value
 * per key. `return()` ends the source and clears every timer; values of a finished source are flushed before
 * `done`. A source error is raised by the next `next()`.
 */
export function conflate<T>(source: AsyncIterator<T>, options: ConflateOptions<T>): AsyncIterableIterator<T> {
  const { minIntervalMs, keyOf } = options;
  if (!(minIntervalMs > 0)) throw new RangeError(`minIntervalMs must be > 0, got ${minIntervalMs}`);
  const keys = new Map<string, KeyState<T>>();
  /** Values ready for the consumer, one per key, in the order their key became ready. */
  const ready = new Map<string, T>();
  let waiting: { resolve: (result: IteratorResult<T>) => void; reject: (error: unknown) => void } | null = null;
  let failure: { error: unknown } | null = null;
  let sourceDone = false;
  let closed = false;

  const timersRunning = () => [...keys.values()].some((state) => state.timer !== undefined);
  const finished = () => closed || (sourceDone && ready.size === 0 && !timersRunning());

  function close(): void {
    if (closed) return;
    closed = true;
    for (const state of keys.values()) clearTimeout(state.timer);
    keys.clear();
    ready.clear();
  }

  /** Settles a read: the oldest ready value, else the source's error, else `done` once nothing can follow. */
  function settle(): Promise<IteratorResult<T>> | null {
    const first = ready.entries().next();
    if (!first.done) {
      ready.delete(first.value[0]);
      return Promise.resolve({ value: first.value[1], done: false });
    }
    if (failure) {
      const { error } = failure;
      failure = null;
      close();
      return Promise.reject(error);
    }
    if (finished()) return Promise.resolve({ value: undefined, done: true });
    return null;
  }

  function wake(): void {
    if (!waiting) return;
    const result = settle();
    if (!result) return;
    const { resolve, reject } = waiting;
    waiting = null;
    result.then(resolve, reject);
  }

  function markReady(key: string, state: KeyState<T>, value: T): void {
    state.lastReadyAtMs = Date.now();
    ready.set(key, value); // replaces an unread value of the same key, keeping its place
    wake();
  }

  function onValue(value: T): void {
    const key = keyOf(value);
    const state = keys.get(key);
    if (!state) {
      const fresh: KeyState<T> = { lastReadyAtMs: 0 };
      keys.set(key, fresh);
      return markReady(key, fresh, value);
    }
    const dueAtMs = state.lastReadyAtMs + minIntervalMs;
    if (state.timer === undefined && Date.now() >= dueAtMs) return markReady(key, state, value);
    state.pending = { value };
    if (state.timer !== undefined) return;
    state.timer = setTimeout(() => {
      state.timer = undefined;
      const pending = state.pending;
      state.pending = undefined;
      if (pending) markReady(key, state, pending.value);
      else wake();
    }, dueAtMs - Date.now());
  }

  async function pump(): Promise<void> {
    try {
      for (;;) {
        const result = await source.next();
        if (closed || result.done) break;
        onValue(result.value);
      }
    } catch (error) {
      if (!closed) failure = { error };
    }
    sourceDone = true;
    wake();
  }

  void pump();

  return {
    next(): Promise<IteratorResult<T>> {
      return settle() ?? new Promise((resolve, reject) => (waiting = { resolve, reject }));
    },
    async return(): Promise<IteratorResult<T>> {
      close();
      wake();
      await source.return?.();
      return { value: undefined, done: true };
    },
    [Symbol.asyncIterator]() {
      return this;
    },
  };
}
