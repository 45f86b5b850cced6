import type { Common } from '../common/common.js';
import type { UsageRepository, UsageRow } from '../datasources/db/repositories/usageRepository.js';
import type { PubSubEngine } from '../pubsub/pubSubEngine.js';
import type { ApiObserver } from '../server/apiObserver.js';
import type { Principal } from '../auth/principal.js';
import { ApiError } from '../errors/apiErrors.js';
import { ErrorCode } from '../errors/errorCode.js';
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
/** Push-and-flush rounds `stop()` tries before it gives up on what is still buffered. */
const MAX_FINAL_FLUSHES = 3;

/** The usage store or subscription registry (Redis) or the usage tables do not answer: SERVICE_UNAVAILABLE. */
export function usageUnavailable(what: string): ApiError {
  return new ApiError(
    ErrorCode.SERVICE_UNAVAILABLE,
    `${what} is temporarily unavailable: the usage storage does not answer. Retry in a few seconds.`,
  );
}

/** Runs a store/registry call for a resolver; failures become {@link usageUnavailable} (typed errors pass through). */
async function guarded<T>(what: string, fn: () => Promise<T>, onError: (error: Error) => void): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    if (error instanceof ApiError) throw error;
    onError(error as Error);
    throw usageUnavailable(what);
  }
}

/** What resolvers use: a caller's own usage and live subscriptions. */
export interface UsageService {
  /** Usage per UTC day (every day of the range, zeros included), flushed plus not yet flushed. */
  usage(principal: Principal, days: string[]): Promise<UsageDayCounters[]>;
  /** The caller's account's live subscriptions on every API process, whichever of its keys opened them (none for anonymous callers). */
  subscriptions(principal: Principal): Promise<LiveSubscriptionRecord[]>;
  /** Ends one of the caller's account's live subscriptions; false when the account has no live subscription with that id. */
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

  const failed = (what: string) => (error: Error) => log.warn({ err: error.message }, `${what} failed: usage storage unavailable`);
  const service: UsageService = {
    async usage(principal, days) {
      live.accrue();
      await push();
      return guarded('Usage', () => readUsage(store, repository, meterKeyOf(principal), days), failed('usage read'));
    },
    // Per account: subscriptions opened with a key that was rotated since stay visible and endable by the owner.
    subscriptions: async (principal) =>
      principal.accountId ? guarded('The live subscription list', () => live.list(principal.accountId!), failed('subscription list')) : [],
    endSubscription: async (principal, id) =>
      principal.accountId ? guarded('Ending subscriptions', () => live.end(principal.accountId!, id), failed('endSubscription')) : false,
  };

  /** Sums what is still buffered (for the log line when it cannot be stored). */
  function bufferedTotals() {
    const totals = emptyCounters();
    const meterKeys = new Set<string>();
    for (const row of buffer.values()) {
      addCounters(totals, row.counters);
      meterKeys.add(row.meterKey);
    }
    return { rows: buffer.size, meterKeys: meterKeys.size, ...totals };
  }

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
      // A flush already running pushed its snapshot of the buffer before the last counts (and live.stop()'s final
      // subscription seconds) arrived: wait for it, then push and flush again until nothing is buffered.
      await flushing?.catch(() => undefined);
      let lastError: Error | undefined;
      for (let attempt = 0; attempt < MAX_FINAL_FLUSHES; attempt++) {
        lastError = undefined;
        await flush().catch((error: Error) => (lastError = error));
        await pushing;
        if (buffer.size === 0 && !lastError) return;
      }
      if (buffer.size > 0) {
        log.error(
          { err: lastError?.message, lost: bufferedTotals() },
          'usage store unavailable at shutdown: these buffered usage counts were not stored and are lost',
        );
      } else if (store.kind === 'memory') {
        log.error({ err: lastError?.message }, 'final usage flush to Postgres failed: the in-memory usage counts of this process are lost');
      } else {
        log.error({ err: lastError?.message }, 'final usage flush to Postgres failed: the counts are in Redis and the next flush by any API process applies them');
      }
    },
  };
}

export type UsageMeter = ReturnType<typeof createUsageMeter>;

