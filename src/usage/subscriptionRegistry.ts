/** A live subscription as every API process sees it. */
export interface LiveSubscriptionRecord {
  /** Opaque id (random; not the client's graphql-ws operation id). */
  id: string;
  /** The account of the key that opened it: listing and ending are per account (keys rotate). */
  accountId: string;
  /** The API key that opened it. */
  keyId: string;
  operationName: string | null;
  startedAtMs: number;
  connectionId: string;
  /** The API process that holds the WebSocket, which alone can end it. */
  instanceId: string;
}

/**
 * Who holds which live subscription, shared by the API processes. Entries expire unless refreshed, so the
 * subscriptions of a process that died disappear by themselves.
 */
export interface SubscriptionRegistry {
  /** Adds or refreshes entries (and their expiry). */
  put(records: LiveSubscriptionRecord[]): Promise<void>;
  remove(record: LiveSubscriptionRecord): Promise<void>;
  get(id: string): Promise<LiveSubscriptionRecord | null>;
  /** The live subscriptions of one account (any of its keys), oldest first. */
  listByAccount(accountId: string): Promise<LiveSubscriptionRecord[]>;
}

/** The registry of a single process (no REDIS_URL). */
export function createMemorySubscriptionRegistry(): SubscriptionRegistry {
  const byId = new Map<string, LiveSubscriptionRecord>();
  return {
    put: async (records) => {
      for (const r of records) byId.set(r.id, r);
    },
    remove: async (record) => {
      byId.delete(record.id);
    },
    get: async (id) => byId.get(id) ?? null,
    listByAccount: async (accountId) => [...byId.values()].filter((r) => r.accountId === accountId).sort((a, b) => a.startedAtMs - b.startedAtMs),
  };
}
