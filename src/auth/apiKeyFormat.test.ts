import { describe, expect, it } from 'vitest';
import { apiKeyMatches, generateApiKey, hashApiKey, parseApiKeyPrefix } from './apiKeyFormat.js';

describe('API key format', () => {
  it('generateApiKey() makes distinct keys whose prefix and hash are what is stored', () => {
    const a = generateApiKey();
    const b = generateApiKey();
    expect(a.key).toMatch(/^ocs_[0-9a-f]{12}_[A-Za-z0-9_-]{43}$/);
    expect(a.key).not.toBe(b.key);
    expect(parseApiKeyPrefix(a.key)).toBe(a.prefix);
    expect(a.hash).toBe(hashApiKey(a.key));
    expect(a.hash).not.toContain(a.key.slice(17));
  });

  it.each(['', 'ocs_', 'ocs_zzzzzzzzzzzz_' + 'a'.repeat(43), 'ocs_0123456789ab_short', 'xyz_0123456789ab_' + 'a'.repeat(43), `ocs_0123456789ab_${'a'.repeat(43)} `])(
    'parseApiKeyPrefix() refuses %j',
    (key) => {
      expect(parseApiKeyPrefix(key)).toBeNull();
    },
  );

  it('apiKeyMatches() accepts the key and refuses any other with the same prefix', () => {
    const { key, hash } = generateApiKey();
    expect(apiKeyMatches(key, hash)).toBe(true);
    const forged = `${key.slice(0, -1)}${key.endsWith('A') ? 'B' : 'A'}`;
    expect(apiKeyMatches(forged, hash)).toBe(false);
    expect(apiKeyMatches(key, 'abc')).toBe(false);
  });
});
