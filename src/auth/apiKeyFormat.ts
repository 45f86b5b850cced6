import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** Every key starts with this, so leaked keys are easy to find in code and logs. */
export const API_KEY_SCHEME = 'ocs';
const PREFIX_BYTES = 6;
const SECRET_BYTES = 32;
const KEY_PATTERN = /^ocs_([0-9a-f]{12})_([A-Za-z0-9_-]{43})$/;

/** A freshly generated key: `key` is shown once; only `prefix` and `hash` are stored. */
export interface GeneratedApiKey {
  key: string;
  prefix: string;
  hash: string;
}

/** sha-256 of the whole key, hex. */
export function hashApiKey(key: string): string {
  return createHash('sha256').update(key).digest('hex');
}

/** `ocs_<12 hex prefix>_<43 base64url chars of secret>` from crypto.randomBytes. */
export function generateApiKey(): GeneratedApiKey {
  const prefix = randomBytes(PREFIX_BYTES).toString('hex');
  const key = `${API_KEY_SCHEME}_${prefix}_${randomBytes(SECRET_BYTES).toString('base64url')}`;
  return { key, prefix, hash: hashApiKey(key) };
}

/** The lookup prefix of a well-formed key, or null when `key` does not have the key format. */
export function parseApiKeyPrefix(key: string): string | null {
  return KEY_PATTERN.exec(key)?.[1] ?? null;
}

/** Constant-time comparison of a presented key against a stored hash. */
export function apiKeyMatches(key: string, storedHash: string): boolean {
  const presented = Buffer.from(hashApiKey(key), 'hex');
  const stored = Buffer.from(storedHash, 'hex');
  return presented.length === stored.length && timingSafeEqual(presented, stored);
}
