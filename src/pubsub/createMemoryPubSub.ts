import { createPubSub } from '@graphql-yoga/subscription';
import type { PubSubEngine } from './pubSubEngine.js';

/** In-process pub/sub (one process only): used when REDIS_URL is not set. */
export function createMemoryPubSub(): PubSubEngine {
  const pubsub = createPubSub<Record<string, [unknown]>>();
  let closed = false;
  return {
    kind: 'memory',
    publish: async (topic, payload) => {
      if (!closed) pubsub.publish(topic, payload);
    },
    subscribe: <T>(topic: string) => pubsub.subscribe(topic)[Symbol.asyncIterator]() as AsyncIterableIterator<T>,
    isReady: () => !closed,
    close: async () => {
      closed = true;
    },
  };
}
