import type { Common } from '../common/common.js';
import type { UsageRepository, UsageRow } from '../datasources/db/repositories/usageRepository.js';
import type { PubSubEngine } from '../pubsub/pubSubEngine.js';
import type { ApiObserver } from '../server/apiObserver.js';
import type { Principal } from '../auth/principal.js';
import { createLiveSubscriptions, type SubscriptionStartInfo } from './createLiveSubscriptions.js';
import { flushUsage, type FlushResult } from './flushUsage.js';
import { readUsage, type UsageDayCounters } from './readUsage.js';
import type { LiveSubscriptionRecord, SubscriptionRegistry } from './subscriptionRegistry.js';
import { addCounters, emptyCounters, meterKeyOf, utcDayOf, type UsageCounters } from './usageCounters.js';
import type { UsageStore } from './usageStore.js';

export interface UsageMeterOptions {
  common: Common;
  store: UsageStore;
  registry: SubscriptionRegistry;
  repository: UsageRepository;
  pubsub: PubSubEngine;
  /** How often buffered counts go to the store (one transaction). Default 1000. */
  pushIntervalMs?: number;
  /** How often open subscriptions' time is counted. Default 10,000. */
  accrueIntervalMs?: number;
  /** How often this process refreshes its registry entries (keep it well under the registry TTL). Default 20,000. */
  registryRefreshMs?: number;
  /** How often the store is flushed to Postgres. Default 60,000. */
  flushIntervalMs?: number;
}

/** Buffered rows beyond which a push that keeps failing starts dropping counts (Redis down for long). */
const MAX_BUFFERED_ROWS = 100_000;

/** What resolvers use: a caller's own usage and live subscriptions. */
export interface UsageService {
  /** Usage per UTC day (every day of the range, zeros included), flushed plus not yet flushed. */
  usage(principal: Principal, days: string[]): Promise<UsageDayCounters[]>;
  /** The caller's live subscriptions on every API process (none for anonymous callers). */
  subscriptions(principal: Principal): Promise<LiveSubscriptionRecord[]>;
  /** Ends one of the caller's live subscriptions; false when the caller has no live subscription with that id. */
  endSubscription(principal: Principal, id: string): Promise<boolean>;
}

/**
 * Meters the API per meter key (API key, or `anon:<client address>`) and UTC day: requests, cost points, bytes
 * sent, subscription seconds. Counts are buffered here, pushed to the store every `pushIntervalMs` and flushed to
 * Postgres every `flushIntervalMs` and on `stop()`.
 */
export function createUsageMeter(options: UsageMeterOptions) {
  const { store, repository } = options;
  const log = options.common.logger.child({ component: 'usage' });
  let buffer = new Map<string, UsageRow>();
  const timers: NodeJS.Timeout[] = [];
  let flushing: Promise<FlushResult> | undefined;
  let pushing: Promise<void> = Promise.resolve();

  function count(meterKey: string, day: string, delta: Partial<UsageCounters>): void {
    const id = `${day}\u0000${meterKey}`;
    const row = buffer.get(id);
    if (row) addCounters(row.counters, delta);
    else if (buffer.size < MAX_BUFFERED_ROWS) buffer.set(id, { meterKey, day, counters: addCounters(emptyCounters(), delta) });
    else log.warn({ meterKey }, 'usage buffer full, count dropped');
  }

  const live = createLiveSubscriptions({
    registry: options.registry,
    pubsub: options.pubsub,
    logger: log,
    onSeconds: (meterKey, day, seconds) => count(meterKey, day, { subscriptionSeconds: seconds }),
  });

  /** Sends the buffer to the store; on failure the counts return to the buffer for the next push. */
  function push(): Promise<void> {
    pushing = pushing.then(async () => {
      if (buffer.size === 0) return;
      const rows = [...buffer.values()];
      buffer = new Map();
      try {
        await store.add(rows);
      } catch (error) {
        log.warn({ err: (error as Error).message, rows: rows.length }, 'usage push failed; retrying with the next push');
        for (const row of rows) count(row.meterKey, row.day, row.counters);
      }
    });
    return pushing;
  }

  /** Counts open subscriptions, pushes, and flushes the store to Postgres. Concurrent calls share one flush. */
  function flush(): Promise<FlushResult> {
    flushing ??= (async () => {
      try {
        live.accrue();
        await push();
        return await flushUsage(store, repository);
      } finally {
        flushing = undefined;
      }
    })();
    return flushing;
  }

  const every = (ms: number, what: string, fn: () => unknown) => {
    const timer = setInterval(() => void Promise.resolve(fn()).catch((error: Error) => log.warn({ err: error.message }, `${what} failed`)), ms);
    timer.unref();
    timers.push(timer);
  };

  const observer: ApiObserver = {
    onRequest: (principal, info) => count(meterKeyOf(principal), utcDayOf(Date.now()), { requests: 1, costPoints: Math.max(0, Math.round(info.costPoints)), bytesSent: info.bytesSent }),
    onBytesSent: (principal, bytes) => count(meterKeyOf(principal), utcDayOf(Date.now()), { bytesSent: bytes }),
    onSubscriptionStart: (principal, info: SubscriptionStartInfo) => live.opened(principal, info),
    onSubscriptionEnd: (_principal, info) => live.closed(info.connectionId, info.subscriptionId),
  };

  const service: UsageService = {
    async usage(principal, days) {
      live.accrue();
      await push();
      return readUsage(store, repository, meterKeyOf(principal), days);
    },
    subscriptions: async (principal) => (principal.keyId ? live.list(principal.keyId) : []),
    endSubscription: async (principal, id) => (principal.keyId ? live.end(principal.keyId, id) : false),
  };

  return {
    ...observer,
    ...service,
    /** This process's id in the subscription registry. */
    instanceId: live.instanceId,
    flush,
    /** Pushes buffered counts to the store now. */
    push,
    /** Subscriptions open on this process. */
    openSubscriptions: () => live.size(),
    start(): void {
      live.start();
      every(options.pushIntervalMs ?? 1000, 'usage push', push);
      every(options.accrueIntervalMs ?? 10_000, 'subscription accrual', () => live.accrue());
      every(options.registryRefreshMs ?? 20_000, 'subscription registry refresh', () => live.refresh());
      every(options.flushIntervalMs ?? 60_000, 'usage flush', flush);
      const prune = () => repository.pruneFlushLedger(30);
      void prune().catch((error: Error) => log.warn({ err: error.message }, 'usage ledger prune failed'));
      every(86_400_000, 'usage ledger prune', prune);
    },
    /** Counts the still-open subscriptions, pushes and flushes. Call after the server closed its sockets. */
    async stop(): Promise<void> {
      for (const timer of timers.splice(0)) clearInterval(timer);
      await live.stop();
      await flush().catch((error: Error) => log.error({ err: error }, 'final usage flush failed; the counts stay in the store'));
    },
  };
}

export type UsageMeter = ReturnType<typeof createUsageMeter>;

