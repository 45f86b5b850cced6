import { randomUUID } from 'node:crypto';
import type { DocumentNode, GraphQLSchema } from 'graphql';
import { Redis } from 'ioredis';
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import type { Common } from '../common/common.js';
import { deploymentId } from '../config/deploymentId.js';
import { badUserInput } from '../errors/apiErrors.js';
import type { ApiKeyRecord, ApiKeyRepository } from '../datasources/db/repositories/apiKeyRepository.js';
import { apiKeyMatches, parseApiKeyPrefix } from './apiKeyFormat.js';
import { forbidden, queryTooComplex, rateLimited, unauthenticated } from './authErrors.js';
import { createConnectionCounter } from './createConnectionCounter.js';
import { MAX_QUERY_NODES, measureOperation, UnmeasurableOperationError, type OperationMeasure } from './measureOperation.js';
import { connectionSubjectOf, rateSubjectOf, type Principal } from './principal.js';
import type { Credential } from './readCredential.js';
import { buildTierTable, tierNames, type TierName, type TierOverrides, type TierTable } from './tiers.js';

const TOUCH_INTERVAL_MS = 60_000;
/** How long one process trusts a key's "still valid" answer on an open WebSocket connection (one lookup per key per interval). */
export const KEY_RECHECK_INTERVAL_MS = 1_000;

export interface RequestGuardOptions {
  common: Common;
  /** Where keys are looked up; undefined refuses every key (anonymous access only). */
  apiKeys: ApiKeyRepository | undefined;
  /** Per-tier overrides of the default limits (src/auth/tiers.ts). */
  tiers?: TierOverrides;
  /**
   * Redis key prefix for rate and connection state. Default `ocs:limits:<deployment>:`, where the deployment is a
   * hash of the database URL (or data dir): API processes of one deployment share budgets; other deployments (and
   * test runs) on the same Redis do not.
   */
  keyPrefix?: string;
}

function buildRateLimiters(tiers: TierTable, redis: Redis | undefined, prefix: string): Record<TierName, RateLimiterAbstract> {
  const limiters = {} as Record<TierName, RateLimiterAbstract>;
  for (const tier of tierNames) {
    const points = tiers[tier].requestsPerMinute;
    const memory = new RateLimiterMemory({ points, duration: 60, keyPrefix: `${prefix}rl:${tier}` });
    // When Redis is down, each process falls back to its own in-memory budget (the insurance limiter).
    limiters[tier] = redis
      ? new RateLimiterRedis({ storeClient: redis, points, duration: 60, keyPrefix: `${prefix}rl:${tier}`, insuranceLimiter: memory, rejectIfRedisNotReady: true })
      : memory;
  }
  return limiters;
}

/**
 * The one implementation of authentication and limits, used by the Apollo plugins (HTTP) and the graphql-ws hooks:
 * resolves a credential to a Principal, spends request budget (Redis-shared when REDIS_URL is set), measures an
 * operation against its tier, and counts WebSocket connections.
 */
export function createRequestGuard(options: RequestGuardOptions) {
  const { common, apiKeys } = options;
  const log = common.logger.child({ component: 'auth' });
  const prefix = options.keyPrefix ?? `ocs:limits:${deploymentId(common.config)}:`;
  const tiers = buildTierTable(options.tiers);
  const redis = common.config.redisUrl
    ? new Redis(common.config.redisUrl, { enableOfflineQueue: false, maxRetriesPerRequest: 1, retryStrategy: (attempt: number) => Math.min(200 * attempt, 2000) })
    : undefined;
  redis?.on('error', (error: Error) => log.warn({ err: error.message }, 'limits redis connection error'));
  const limiters = buildRateLimiters(tiers, redis, prefix);
  const connections = createConnectionCounter({ redis, logger: log, keyPrefix: `${prefix}conn:` });
  const touchedAt = new Map<string, number>();
  /** keyId -> time its validity was last confirmed; entries older than KEY_RECHECK_INTERVAL_MS are looked up again. */
  const validatedAt = new Map<string, number>();
  const markValid = (keyId: string) => {
    if (validatedAt.size >= 10_000) validatedAt.clear(); // bounded: at worst one extra lookup per key
    validatedAt.set(keyId, Date.now());
  };

  const touch = (keyId: string) => {
    const now = Date.now();
    if (now - (touchedAt.get(keyId) ?? 0) < TOUCH_INTERVAL_MS) return;
    touchedAt.set(keyId, now);
    apiKeys?.touch(keyId).catch((error: Error) => log.warn({ err: error.message, keyId }, 'could not stamp key use'));
  };

  const anonymousOf = (clientAddress: string): Principal => ({ accountId: null, keyId: null, keyPrefix: null, tier: 'anonymous', clientAddress, limits: tiers.anonymous });

  const consumeRequest = async (principal: Principal): Promise<void> => {
    try {
      await limiters[principal.tier].consume(rateSubjectOf(principal), 1);
    } catch (rejection) {
      if (!(rejection instanceof RateLimiterRes)) throw rejection;
      const retryAfterSeconds = Math.max(1, Math.ceil(rejection.msBeforeNext / 1000));
      throw rateLimited(`Rate limit of ${principal.limits.requestsPerMinute} requests per minute reached (tier ${principal.tier}); retry in ${retryAfterSeconds} s`, retryAfterSeconds);
    }
  };

  const findKey = async (key: string): Promise<{ keyPrefix: string; record: ApiKeyRecord }> => {
    const keyPrefix = parseApiKeyPrefix(key);
    if (!keyPrefix) throw unauthenticated('Malformed API key: expected ocs_<prefix>_<secret> in x-api-key, Authorization: Bearer, or connection_init { apiKey }');
    if (!apiKeys) throw unauthenticated('API keys are not enabled on this server');
    const record = await apiKeys.findByPrefix(keyPrefix);
    if (!record || !apiKeyMatches(key, record.hash)) throw unauthenticated('Unknown API key');
    if (record.revokedAt) throw unauthenticated(`API key ${keyPrefix} was revoked; use a current key`);
    return { keyPrefix, record };
  };

  return {
    tiers,
    /**
     * The caller behind a credential: anonymous without one; never a silent downgrade for a bad one. A refused key
     * spends one request of the client address's anonymous budget, so guessing keys is rate-limited too.
     * @throws ApiError UNAUTHENTICATED for a malformed, unknown or revoked key; RATE_LIMITED once the address has
     * spent its anonymous budget on refused keys.
     */
    async authenticate(credential: Credential, clientAddress: string): Promise<Principal> {
      if (credential.kind === 'none') return anonymousOf(clientAddress);
      let found: { keyPrefix: string; record: ApiKeyRecord };
      try {
        found = await findKey(credential.key);
      } catch (error) {
        await consumeRequest(anonymousOf(clientAddress));
        throw error;
      }
      const { keyPrefix, record } = found;
      markValid(record.id);
      touch(record.id);
      return { accountId: record.accountId, keyId: record.id, keyPrefix, tier: record.tier, clientAddress, limits: tiers[record.tier] };
    },

    /**
     * Confirms that the key behind a long-lived principal (an open WebSocket connection) is still valid: one indexed
     * lookup by prefix, trusted for KEY_RECHECK_INTERVAL_MS per process. Anonymous principals always pass.
     * @throws ApiError UNAUTHENTICATED when the key was revoked or deleted since the principal was authenticated.
     */
    async assertKeyStillValid(principal: Principal): Promise<void> {
      if (!principal.keyId || !principal.keyPrefix) return;
      const now = Date.now();
      if (now - (validatedAt.get(principal.keyId) ?? 0) < KEY_RECHECK_INTERVAL_MS) return;
      const record = apiKeys ? await apiKeys.findByPrefix(principal.keyPrefix) : null;
      if (!record || record.id !== principal.keyId || record.revokedAt) {
        validatedAt.delete(principal.keyId);
        throw unauthenticated(`API key ${principal.keyPrefix} was revoked; reconnect with a current key`);
      }
      markValid(principal.keyId);
    },

    /**
     * Spends one request of the principal's per-minute budget.
     * @throws ApiError RATE_LIMITED with `retryAfterSeconds` when the budget is spent.
     */
    consumeRequest,

    /**
     * Measures a validated operation against the principal's cost, depth and alias limits.
     * @throws ApiError QUERY_TOO_COMPLEX with `cost` and `limit` when one is exceeded.
     */
    checkOperation(principal: Principal, schema: GraphQLSchema, document: DocumentNode, variables: Record<string, unknown> | undefined, operationName: string | null | undefined): OperationMeasure {
      const { limits, tier } = principal;
      let measure: OperationMeasure;
      try {
        measure = measureOperation(schema, document, variables, operationName);
      } catch (error) {
        if (!(error instanceof UnmeasurableOperationError)) throw error;
        if (error.reason === 'variables') throw badUserInput(error.message);
        const actual = error.nodes ?? MAX_QUERY_NODES + 1;
        throw queryTooComplex(`Operation has ${actual} fields after fragment expansion; the limit is ${MAX_QUERY_NODES}`, { limitName: 'nodes', actual, limit: MAX_QUERY_NODES });
      }
      const { cost, depth, aliases } = measure;
      if (cost > limits.maxQueryCost) {
        throw queryTooComplex(`Query cost ${cost} exceeds the limit of ${limits.maxQueryCost} for tier ${tier}; ask for fewer items (first) or fewer fields`, { limitName: 'cost', cost, actual: cost, limit: limits.maxQueryCost });
      }
      if (depth > limits.maxDepth) {
        throw queryTooComplex(`Query depth ${depth} exceeds the limit of ${limits.maxDepth} for tier ${tier}`, { limitName: 'depth', cost, actual: depth, limit: limits.maxDepth });
      }
      if (aliases > limits.maxAliases) {
        throw queryTooComplex(`Query uses ${aliases} aliases; the limit for tier ${tier} is ${limits.maxAliases}`, { limitName: 'aliases', cost, actual: aliases, limit: limits.maxAliases });
      }
      return measure;
    },

    /**
     * Refuses one more subscription on a connection that already holds `active`.
     * @throws ApiError FORBIDDEN when the tier's per-connection subscription limit is reached.
     */
    assertSubscriptionSlot(principal: Principal, active: number): void {
      const limit = principal.limits.maxSubscriptionsPerConnection;
      if (active >= limit) {
        const error = forbidden(`At most ${limit} concurrent subscriptions per connection on tier ${principal.tier}; complete one or open another connection`);
        Object.assign(error.extensions, { limitName: 'subscriptionsPerConnection', limit });
        throw error;
      }
    },

    /** Registers a WebSocket connection; resolves to a release function, or null when the principal has too many. */
    async acquireConnection(principal: Principal): Promise<{ connectionId: string; release: () => Promise<void> } | null> {
      const connectionId = randomUUID();
      const subject = connectionSubjectOf(principal);
      if (!(await connections.acquire(subject, connectionId, principal.limits.maxWsConnections))) return null;
      let released = false;
      return {
        connectionId,
        release: async () => {
          if (released) return;
          released = true;
          await connections.release(subject, connectionId);
        },
      };
    },

    /** Live connections counted against `principal` (all processes). */
    liveConnections: (principal: Principal): Promise<number> => connections.count(connectionSubjectOf(principal)),

    async close(): Promise<void> {
      connections.close();
      redis?.disconnect();
    },
  };
}

export type RequestGuard = ReturnType<typeof createRequestGuard>;
