import { randomUUID } from 'node:crypto';
import type { Logger } from '../common/logger.js';
import type { PubSubEngine } from '../pubsub/pubSubEngine.js';
import { meterKeyOf, splitSecondsByUtcDay } from './usageCounters.js';
import type { LiveSubscriptionRecord, SubscriptionRegistry } from './subscriptionRegistry.js';

/** The part of a Principal the registry needs. */
export interface SubscriberIdentity {
  /** The account of the key (null when anonymous): subscriptions are listed and ended per account. */
  accountId: string | null;
  keyId: string | null;
  clientAddress: string;
}

/** What the server reports when a subscription starts (the ApiObserver contract). */
export interface SubscriptionStartInfo {
  connectionId: string;
  subscriptionId: string;
  operationName: string | null;
  /** Ends the subscription; the client receives `complete`. */
  end: () => Promise<void>;
}

interface LocalSubscription {
  record: LiveSubscriptionRecord;
  localKey: string;
  meterKey: string;
  /** Subscription time is counted up to here (advances in whole seconds). */
  accountedUntilMs: number;
  end: () => Promise<void>;
}

/** Payload of an end request sent to the process that holds a subscription. */
interface EndRequest {
  id: string;
}

export interface LiveSubscriptionsOptions {
  registry: SubscriptionRegistry;
  pubsub: PubSubEngine;
  logger: Logger;
  /** Receives counted subscription seconds per meter key and UTC day. */
  onSeconds: (meterKey: string, day: string, seconds: number) => void;
  /** Identifies this process in the registry. Default: a random UUID. */
  instanceId?: string;
  now?: () => number;
}

/** Topic on which the process `instanceId` receives requests to end one of its subscriptions. */
export const subscriptionEndTopic = (instanceId: string) => `usage.subscription.end.${instanceId}`;

const localKey = (connectionId: string, subscriptionId: string) => `${connectionId}\u0000${subscriptionId}`;

/**
 * This process's open subscriptions: counts their time while they are open (`accrue`), publishes them to the
 * shared registry, and ends them on request, including requests from other processes (over pub/sub).
 */
export function createLiveSubscriptions(options: LiveSubscriptionsOptions) {
  const { registry, pubsub, logger } = options;
  const now = options.now ?? Date.now;
  const instanceId = options.instanceId ?? randomUUID();
  const local = new Map<string, LocalSubscription>();
  const byId = new Map<string, LocalSubscription>();
  let endRequests: AsyncIterableIterator<EndRequest> | undefined;

  const warn = (what: string) => (error: Error) => logger.warn({ err: error.message }, what);

  /** Counts the whole seconds since the last accrual; `final` also counts a last partial second. */
  function accrueOne(sub: LocalSubscription, atMs: number, final: boolean): void {
    const elapsedMs = Math.max(0, atMs - sub.accountedUntilMs);
    const seconds = final ? Math.round(elapsedMs / 1000) : Math.floor(elapsedMs / 1000);
    for (const part of splitSecondsByUtcDay(sub.accountedUntilMs, seconds)) options.onSeconds(sub.meterKey, part.day, part.seconds);
    sub.accountedUntilMs += seconds * 1000;
  }

  async function endLocal(id: string): Promise<boolean> {
    const sub = byId.get(id);
    if (!sub) return false;
    await sub.end().catch(warn('ending a subscription failed'));
    // The server reports the end through onSubscriptionEnd too; forgetting here covers a server that does not.
    if (byId.has(id)) await forgetByRecord(sub);
    return true;
  }

  function forgetByRecord(sub: LocalSubscription): Promise<void> {
    local.delete(sub.localKey);
    accrueOne(sub, now(), true);
    byId.delete(sub.record.id);
    if (sub.record.accountId === '') return Promise.resolve();
    return registry.remove(sub.record).catch(warn('subscription registry remove failed'));
  }

  return {
    instanceId,
    /** Starts listening for end requests addressed to this process. */
    start(): void {
      endRequests = pubsub.subscribe<EndRequest>(subscriptionEndTopic(instanceId));
      const iterator = endRequests;
      void (async () => {
        for await (const request of iterator) if (typeof request?.id === 'string') await endLocal(request.id);
      })().catch(warn('end request loop failed'));
    },
    opened(principal: SubscriberIdentity, info: SubscriptionStartInfo): void {
      const at = now();
      const record: LiveSubscriptionRecord = {
        id: randomUUID(),
        accountId: principal.accountId ?? '',
        keyId: principal.keyId ?? '',
        operationName: info.operationName,
        startedAtMs: at,
        connectionId: info.connectionId,
        instanceId,
      };
      const key = localKey(info.connectionId, info.subscriptionId);
      const sub: LocalSubscription = { record, localKey: key, meterKey: meterKeyOf(principal), accountedUntilMs: at, end: info.end };
      local.set(key, sub);
      byId.set(record.id, sub);
      // Anonymous subscriptions are metered but not listed: an address is no tenant (NAT shares it).
      if (principal.accountId) void registry.put([record]).catch(warn('subscription registry put failed'));
    },
    closed(connectionId: string, subscriptionId: string): void {
      const sub = local.get(localKey(connectionId, subscriptionId));
      if (sub) void forgetByRecord(sub);
    },
    /** Counts the time of every open subscription up to now. */
    accrue(): void {
      const at = now();
      for (const sub of byId.values()) accrueOne(sub, at, false);
    },
    /** Re-publishes every keyed subscription so its registry entry does not expire. */
    refresh: () => registry.put([...byId.values()].map((s) => s.record).filter((r) => r.accountId !== '')),
    list: (accountId: string) => registry.listByAccount(accountId),
    /**
     * Ends the subscription `id` of `accountId` (opened with any of its keys), here or on the process that holds it.
     * False when it is not a live subscription of that account (also when it belongs to another account: the caller
     * cannot tell the difference).
     */
    async end(accountId: string, id: string): Promise<boolean> {
      const record = await registry.get(id);
      if (!record || record.accountId !== accountId) return false;
      if (record.instanceId === instanceId) return endLocal(id);
      await pubsub.publish<EndRequest>(subscriptionEndTopic(record.instanceId), { id });
      return true;
    },
    /** Counts and unregisters every local subscription (the server has closed the sockets); stops listening. */
    async stop(): Promise<void> {
      await endRequests?.return?.();
      const subs = [...byId.values()];
      await Promise.all(subs.map(forgetByRecord));
    },
    /** Number of subscriptions open on this process. */
    size: () => byId.size,
  };
}

export type LiveSubscriptions = ReturnType<typeof createLiveSubscriptions>;
