/** Access tiers, from no key at all to the largest contract. */
export const tierNames = ['anonymous', 'free', 'pro', 'enterprise'] as const;

export type TierName = (typeof tierNames)[number];

/** Tiers an API key can carry (anonymous is the absence of a key). */
export const keyTierNames = ['free', 'pro', 'enterprise'] as const;

export type KeyTierName = (typeof keyTierNames)[number];

/** What one tier may do. Rates are per account (per client address when anonymous). */
export interface TierLimits {
  /** Operations (HTTP requests, WebSocket operations) per rolling minute window. */
  requestsPerMinute: number;
  /** Largest estimated cost of one operation (see queryCost.ts). */
  maxQueryCost: number;
  /** Deepest field nesting of one operation (introspection excluded). */
  maxDepth: number;
  /** Most aliased fields in one operation. */
  maxAliases: number;
  /** Concurrent graphql-ws connections per key (per client address when anonymous). */
  maxWsConnections: number;
  /** Concurrent subscriptions on one graphql-ws connection. */
  maxSubscriptionsPerConnection: number;
  /** How far back history queries may reach, in days. */
  historyDays: number;
}

export type TierTable = Record<TierName, TierLimits>;

/**
 * The default limits. Anonymous is generous enough for a developer trying the API (and for a test suite that polls);
 * keys buy rate, cost, concurrency and history.
 */
export const defaultTiers: TierTable = {
  anonymous: { requestsPerMinute: 600, maxQueryCost: 2_500, maxDepth: 10, maxAliases: 15, maxWsConnections: 25, maxSubscriptionsPerConnection: 10, historyDays: 30 },
  free: { requestsPerMinute: 1_200, maxQueryCost: 5_000, maxDepth: 12, maxAliases: 30, maxWsConnections: 50, maxSubscriptionsPerConnection: 25, historyDays: 90 },
  pro: { requestsPerMinute: 6_000, maxQueryCost: 20_000, maxDepth: 15, maxAliases: 60, maxWsConnections: 500, maxSubscriptionsPerConnection: 100, historyDays: 730 },
  enterprise: { requestsPerMinute: 30_000, maxQueryCost: 100_000, maxDepth: 20, maxAliases: 150, maxWsConnections: 10_000, maxSubscriptionsPerConnection: 500, historyDays: 3_650 },
};

/** Per-tier overrides (tests, deployments with other contracts). */
export type TierOverrides = Partial<Record<TierName, Partial<TierLimits>>>;

/** `later` applied on top of `earlier`, limit by limit (config first, then a caller's overrides). */
export function mergeTierOverrides(earlier: TierOverrides, later: TierOverrides = {}): TierOverrides {
  const merged: TierOverrides = {};
  for (const name of tierNames) if (earlier[name] || later[name]) merged[name] = { ...earlier[name], ...later[name] };
  return merged;
}

/** The default table with `overrides` applied. */
export function buildTierTable(overrides: TierOverrides = {}): TierTable {
  const table = { ...defaultTiers };
  for (const name of tierNames) table[name] = { ...defaultTiers[name], ...overrides[name] };
  return table;
}

/** Narrows a stored tier name. */
export function isKeyTierName(value: string): value is KeyTierName {
  return (keyTierNames as readonly string[]).includes(value);
}
