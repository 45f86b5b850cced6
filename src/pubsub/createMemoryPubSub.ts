import { createSubscriptionQueue } from './createSubscriptionQueue.js';
import type { PubSubEngine } from './pubSubEngine.js';

/** In-process pub/sub (one process only): used when REDIS_URL is not set. */
export function createMemoryPubSub(): PubSubEngine {
  const listeners = new Map<string, Set<(payload: unknown) => void>>();
  let closed = false;
  return {
    kind: 'memory',
    publish: async (topic, payload) => {
      if (closed) return;
      for (const listener of listeners.get(topic) ?? []) listener(payload);
    },
    subscribe: <T>(topic: string) => {
      const set = listeners.get(topic) ?? new Set();
      listeners.set(topic, set);
      const queue = createSubscriptionQueue<T>({
        onClose: () => {
          set.delete(listener);
          if (set.size === 0) listeners.delete(topic);
        },
      });
      const listener = (payload: unknown) => queue.push(payload as T);
      set.add(listener);
      return queue.iterator;
    },
    isReady: () => !closed,
    close: async () => {
      closed = true;
      listeners.clear();
    },
  };
}
