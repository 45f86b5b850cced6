/** Options of {@link createReadCache}. */
export interface ReadCacheOptions {
  /** How long an answer is reused at most. */
  ttlMs: number;
  /** Entries kept at most; the oldest go first. Default 1000. */
  maxEntries?: number;
  /** Clock (tests). Default Date.now. */
  now?: () => number;
}

interface Entry {
  expiresAt: number;
  value: Promise<unknown>;
}

const keyOf = (name: string, args: readonly unknown[]): string =>
  `${name}:${JSON.stringify(args, (_key, value: unknown) => (typeof value === 'bigint' ? `${value}n` : value))}`;

/**
 * A per-process cache of read results shared by every request: identical reads within `ttlMs` (and concurrent ones,
 * single-flight) run one statement. Callers must treat results as immutable. `clear()` drops everything at once: the
 * app calls it when the market job announces new data, so the TTL only bounds staleness when such an event is lost.
 * A failed read is not kept.
 */
export function createReadCache(options: ReadCacheOptions) {
  const { ttlMs } = options;
  const maxEntries = options.maxEntries ?? 1000;
  const now = options.now ?? Date.now;
  const entries = new Map<string, Entry>();
  let hits = 0;
  let misses = 0;

  function memo<A extends unknown[], R>(name: string, read: (...args: A) => Promise<R>): (...args: A) => Promise<R> {
    return (...args: A): Promise<R> => {
      const key = keyOf(name, args);
      const at = now();
      const hit = entries.get(key);
      if (hit && hit.expiresAt > at) {
        hits++;
        return hit.value as Promise<R>;
      }
      misses++;
      const value = read(...args);
      entries.delete(key);
      entries.set(key, { expiresAt: at + ttlMs, value });
      value.catch(() => {
        if (entries.get(key)?.value === value) entries.delete(key);
      });
      while (entries.size > maxEntries) entries.delete(entries.keys().next().value!);
      return value;
    };
  }

  return {
    memo,
    /** Wraps the named methods of `target` with {@link memo}; the others pass through. */
    wrap<T extends object>(target: T, methods: readonly (keyof T & string)[]): T {
      const wrapped = { ...target };
      for (const method of methods) {
        const original = target[method] as unknown as (...args: unknown[]) => Promise<unknown>;
        (wrapped as Record<string, unknown>)[method] = memo(method, original.bind(target));
      }
      return wrapped;
    },
    clear(): void {
      entries.clear();
    },
    stats: () => ({ hits, misses, size: entries.size }),
  };
}

export type ReadCache = ReturnType<typeof createReadCache>;
