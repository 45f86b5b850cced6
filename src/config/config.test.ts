import { describe, expect, it } from 'vitest';
import { loadConfig } from './config.js';
import { ConfigError } from './configError.js';

describe('loadConfig()', () => {
  it('applies the documented defaults to an empty environment', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      port: 4000,
      databaseUrl: undefined,
      redisUrl: undefined,
      chainsConfigPath: undefined,
      logLevel: 'info',
      nodeEnv: 'development',
      role: 'all',
      devnetSeed: 1,
      devnetBlockTimeMs: 1000,
    });
    expect(config.dataDir).toMatch(/\.data$/);
    expect(config.devnetManifestPath).toMatch(/\.data\/devnet\.json$/);
  });

  it('reads valid values and lets command-line overrides win', () => {
    const config = loadConfig(
      { PORT: '0', DATABASE_URL: 'postgres://u:p@db:5432/x', REDIS_URL: 'redis://r:6379/1', LOG_LEVEL: 'debug', ROLE: 'worker' },
      { role: 'api', port: '5000', manifest: '/tmp/m.json' },
    );
    expect(config).toMatchObject({ port: 5000, role: 'api', logLevel: 'debug', devnetManifestPath: '/tmp/m.json' });
  });

  it.each([
    ['PORT', { PORT: '70000' }, /PORT is invalid: expected an integer port 0-65535, got "70000"/],
    ['PORT', { PORT: 'abc' }, /PORT is invalid/],
    ['DATABASE_URL', { DATABASE_URL: 'mysql://x' }, /DATABASE_URL is invalid: expected a URL like postgres:\/\/.*got "<redacted>"/],
    ['REDIS_URL', { REDIS_URL: 'localhost:6379' }, /REDIS_URL is invalid: expected a URL like redis:\/\//],
    ['LOG_LEVEL', { LOG_LEVEL: 'verbose' }, /LOG_LEVEL is invalid: expected one of fatal/],
    ['NODE_ENV', { NODE_ENV: 'staging' }, /NODE_ENV is invalid/],
    ['ROLE', { ROLE: 'both' }, /ROLE is invalid: expected api\|worker\|all/],
    ['DATABASE_URL', { ROLE: 'api' }, /DATABASE_URL is invalid: expected a shared Postgres URL when ROLE is api/],
    ['REDIS_URL', { ROLE: 'worker', DATABASE_URL: 'postgres://h/db' }, /REDIS_URL is invalid: expected a shared Redis URL/],
    ['TIER_LIMITS', { TIER_LIMITS: 'not json' }, /TIER_LIMITS is invalid: expected JSON like/],
    ['TIER_LIMITS', { TIER_LIMITS: '{"gold":{"maxDepth":3}}' }, /TIER_LIMITS is invalid/],
    ['TIER_LIMITS', { TIER_LIMITS: '{"pro":{"maxDepth":0}}' }, /TIER_LIMITS is invalid/],
    ['TIER_LIMITS', { TIER_LIMITS: '{"pro":{"maxDepht":3}}' }, /TIER_LIMITS is invalid/],
  ])('rejects a bad %s with one line naming it', (variable, env, message) => {
    let error: unknown;
    try {
      loadConfig(env);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).variable).toBe(variable);
    expect((error as ConfigError).shortMessage).toMatch(message);
    expect((error as ConfigError).shortMessage).not.toContain('\n');
  });

  it('reads TIER_LIMITS as per-tier partial limits', () => {
    expect(loadConfig({ TIER_LIMITS: '{"enterprise":{"requestsPerMinute":120000},"anonymous":{"maxDepth":5}}' }).tierLimits).toEqual({
      enterprise: { requestsPerMinute: 120_000 },
      anonymous: { maxDepth: 5 },
    });
    expect(loadConfig({}).tierLimits).toEqual({});
  });

  it('never echoes a URL value (it may hold a password)', () => {
    expect(() => loadConfig({ DATABASE_URL: 'mysql://admin:hunter2@db' })).toThrow(/^(?!.*hunter2)/s);
  });
});
