import { RedisPubSub } from 'graphql-redis-subscriptions';
import { Redis } from 'ioredis';
import type { Logger } from '../common/logger.js';
import { BaseError, redactUrl } from '../errors/baseError.js';
import { decodePayload, encodePayload } from './codec.js';
import { createSubscriptionQueue } from './createSubscriptionQueue.js';
import type { PubSubEngine } from './pubSubEngine.js';

/** Redis could not be reached at start-up. */
export class RedisUnavailableError extends BaseError {
  override name = 'RedisUnavailableError' as const;
}

export interface RedisPubSubOptions {
  url: string;
  logger: Logger;
  /** Prefix for every channel so environments can share a Redis. Default `ocs:`. */
  channelPrefix?: string;
  /** How long start-up waits for both connections. Default 5000. */
  connectTimeoutMs?: number;
}

function waitReady(client: Redis, timeoutMs: number): Promise<void> {
  if (client.status === 'ready') return Promise.resolve();
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      client.off('ready', onReady);
      reject(new Error(`no connection within ${timeoutMs} ms`));
    }, timeoutMs);
    function onReady() {
      clearTimeout(timer);
      resolve();
    }
    client.once('ready', onReady);
  });
}

/**
 * Connects Redis pub/sub (graphql-redis-subscriptions + ioredis), failing after `connectTimeoutMs`. ioredis reconnects forever with capped backoff and
 * re-subscribes on reconnect, so live subscriptions resume once Redis is back. Publishing while Redis is down
 * drops the message (Redis pub/sub is fire-and-forget) instead of queueing without bound.
 */
export async function createRedisPubSub(options: RedisPubSubOptions): Promise<PubSubEngine> {
  const prefix = options.channelPrefix ?? 'ocs:';
  const log = options.logger.child({ component: 'pubsub', redis: redactUrl(options.url) });
  const redisOptions = {
    lazyConnect: false,
    maxRetriesPerRequest: 1,
    enableOfflineQueue: false,
    retryStrategy: (attempt: number) => Math.min(200 * attempt, 2000),
  };
  const publisher = new Redis(options.url, redisOptions);
  // The subscriber must queue its SUBSCRIBE commands while offline so they are sent on reconnect.
  const subscriber = new Redis(options.url, { ...redisOptions, enableOfflineQueue: true, maxRetriesPerRequest: null });
  for (const [role, client] of [['publisher', publisher], ['subscriber', subscriber]] as const) {
    client.on('error', (error: Error) => log.warn({ role, err: error.message }, 'redis connection error'));
    client.on('ready', () => log.info({ role }, 'redis ready'));
  }
  const timeoutMs = options.connectTimeoutMs ?? 5000;
  try {
    await Promise.all([waitReady(publisher, timeoutMs), waitReady(subscriber, timeoutMs)]);
  } catch (error) {
    publisher.disconnect();
    subscriber.disconnect();
    throw new RedisUnavailableError(`Cannot connect to Redis at ${redactUrl(options.url)}: ${(error as Error).message}`, { cause: error });
  }
  let closed = false;
  const engine = new RedisPubSub({
    publisher,
    subscriber,
    serializer: encodePayload,
    deserializer: (text: string | Buffer) => decodePayload(text.toString()),
  });
  return {
    kind: 'redis',
    publish: async (topic, payload) => {
      if (publisher.status !== 'ready') {
        log.debug({ topic }, 'redis not ready, event dropped');
        return;
      }
      try {
        await engine.publish(prefix + topic, payload);
      } catch (error) {
        log.warn({ topic, err: (error as Error).message }, 'publish failed');
      }
    },
    subscribe: <T>(topic: string) => {
      const queue = createSubscriptionQueue<T>({
        onClose: () => void id.then((subId) => (closed ? undefined : engine.unsubscribe(subId))).catch(() => undefined),
        onOverflow: () => log.warn({ topic }, 'slow subscriber: oldest event dropped'),
      });
      const id = engine.subscribe(prefix + topic, (payload: T) => queue.push(payload));
      id.catch((error: Error) => log.warn({ topic, err: error.message }, 'subscribe failed'));
      return queue.iterator;
    },
    isReady: () => publisher.status === 'ready' && subscriber.status === 'ready',
    close: async () => {
      closed = true;
      // QUIT lets in-flight commands (an UNSUBSCRIBE from a just-ended subscription) finish instead of rejecting.
      await Promise.all(
        [publisher, subscriber].map((client) => (client.status === 'ready' ? client.quit().catch(() => client.disconnect()) : client.disconnect())),
      );
    },
  };
}
