/** The one pub/sub interface; implemented in-process and on Redis. */
export interface PubSubEngine {
  /** Which engine runs: `memory` reaches only this process, `redis` every process on the same Redis. */
  readonly kind: 'memory' | 'redis';
  /** Publishes a payload to every subscriber of `topic`. Never throws for a lost connection: it logs and drops. */
  publish<T>(topic: string, payload: T): Promise<void>;
  /** Subscribes to `topic`; `return()` on the iterator unsubscribes. */
  subscribe<T>(topic: string): AsyncIterableIterator<T>;
  /** True when the engine can deliver (Redis connected). */
  isReady(): boolean;
  close(): Promise<void>;
}

/** Adapts a PubSubEngine to type-graphql 2's `PubSub` shape. */
export function toTypeGraphqlPubSub(engine: PubSubEngine) {
  return {
    publish: (routingKey: string, ...args: unknown[]) => void engine.publish(routingKey, args[0]),
    subscribe: (routingKey: string) => engine.subscribe(routingKey),
  };
}
