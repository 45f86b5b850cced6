import type { AccountRecord, ApiKeyRecord, ApiKeyRepository } from '../datasources/db/repositories/apiKeyRepository.js';
import { generateApiKey } from './apiKeyFormat.js';
import type { KeyTierName } from './tiers.js';

/** Most active (unrevoked) keys one account may hold, so keys cannot multiply per-key limits without bound. */
export const MAX_ACTIVE_KEYS_PER_ACCOUNT = 10;
const MAX_NAME_LENGTH = 100;

/** A key just made: `key` is the secret, returned once and never stored. */
export interface IssuedApiKey {
  key: string;
  record: ApiKeyRecord;
}

/** Why a key operation was refused (the caller maps it to its own error: a GraphQL code, a CLI exit). */
export class ApiKeyOperationError extends Error {
  override name = 'ApiKeyOperationError';
  constructor(
    readonly reason: 'invalid-name' | 'too-many-keys' | 'revoked',
    message: string,
  ) {
    super(message);
  }
}

/** Trims a key or account name; refuses empty or over-long names. */
export function normalizeKeyName(name: string): string {
  const trimmed = name.trim();
  if (trimmed.length === 0 || trimmed.length > MAX_NAME_LENGTH) {
    throw new ApiKeyOperationError('invalid-name', `name must be 1-${MAX_NAME_LENGTH} characters, got ${trimmed.length}`);
  }
  return trimmed;
}

/** Making, rotating and revoking keys; shared by the GraphQL mutations and the admin CLI. */
export function createApiKeyService(repo: ApiKeyRepository) {
  const issue = async (accountId: string, name: string, tier: KeyTierName): Promise<IssuedApiKey> => {
    const normalized = normalizeKeyName(name);
    const generated = generateApiKey();
    // Count and insert under a lock on the account row: concurrent issues cannot pass the cap together.
    const record = await repo.insertKeyWithinCap({ accountId, name: normalized, prefix: generated.prefix, hash: generated.hash, tier }, MAX_ACTIVE_KEYS_PER_ACCOUNT);
    if (!record) throw new ApiKeyOperationError('too-many-keys', `an account may hold at most ${MAX_ACTIVE_KEYS_PER_ACCOUNT} active keys; revoke one first`);
    return { key: generated.key, record };
  };
  return {
    /** A new account with its first key (admin CLI). */
    async createAccountWithKey(name: string, tier: KeyTierName): Promise<{ account: AccountRecord; issued: IssuedApiKey }> {
      const account = await repo.createAccount(normalizeKeyName(name), tier);
      return { account, issued: await issue(account.id, name, tier) };
    },
    /** A new key for an existing account, at the account's tier. */
    issue,
    /**
     * Replaces `old` by a new key with the same account, name and tier, and revokes `old` at once.
     * @throws ApiKeyOperationError `revoked` when `old` is already revoked, or was rotated or revoked concurrently.
     */
    async rotate(old: ApiKeyRecord): Promise<IssuedApiKey> {
      if (old.revokedAt) throw new ApiKeyOperationError('revoked', `key ${old.prefix} is revoked; create a new key instead`);
      const generated = generateApiKey();
      // Revoke-if-active and insert in one transaction: a key rotates at most once, and the active count never grows.
      const record = await repo.replaceKey(old.id, { prefix: generated.prefix, hash: generated.hash });
      if (!record) throw new ApiKeyOperationError('revoked', `key ${old.prefix} is revoked (rotated or revoked meanwhile); create a new key instead`);
      return { key: generated.key, record };
    },
    revoke: async (key: ApiKeyRecord): Promise<ApiKeyRecord> => (await repo.revoke(key.id)) ?? key,
  };
}

export type ApiKeyService = ReturnType<typeof createApiKeyService>;
