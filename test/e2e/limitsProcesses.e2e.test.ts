import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestPostgres, testRedisUrl, type TestPostgres } from '../helpers/database.js';
import { spawnApp, type SpawnedApp } from '../helpers/spawnApp.js';

const PER_MINUTE = 6;

async function ask(baseUrl: string): Promise<{ status: number; retryAfter: string | null; code: unknown }> {
  const response = await fetch(`${baseUrl}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: '{ chains { chainId } }' }) });
  const body = (await response.json()) as { errors?: { extensions?: { code?: string } }[] };
  return { status: response.status, retryAfter: response.headers.get('retry-after'), code: body.errors?.[0]?.extensions?.code };
}

/**
 * Two real API processes (`src/main.ts --role api`, as deployed) on one Postgres and one Redis, with the anonymous
 * budget lowered through TIER_LIMITS: the budget is one, whichever process answers.
 */
describe('rate limits across two API processes sharing Redis', () => {
  let pg: TestPostgres;
  const apps: SpawnedApp[] = [];

  beforeAll(async () => {
    pg = await createTestPostgres();
    const env = { DATABASE_URL: pg.url, REDIS_URL: testRedisUrl, PORT: '0', HOST: '127.0.0.1', TIER_LIMITS: JSON.stringify({ anonymous: { requestsPerMinute: PER_MINUTE } }) };
    apps.push(await spawnApp(['--role', 'api'], env));
    apps.push(await spawnApp(['--role', 'api'], env));
  }, 120_000);
  afterAll(async () => {
    for (const app of apps) await app.stop();
    await pg?.drop();
  });

  it(`answers ${PER_MINUTE} anonymous requests spread over both, then 429 with Retry-After on either`, async () => {
    const [a, b] = apps as [SpawnedApp, SpawnedApp];
    for (let i = 0; i < PER_MINUTE; i++) expect((await ask((i % 2 === 0 ? a : b).baseUrl)).status).toBe(200);
    for (const app of [a, b]) {
      const refused = await ask(app.baseUrl);
      expect(refused).toMatchObject({ status: 429, code: 'RATE_LIMITED' });
      expect(Number(refused.retryAfter)).toBeGreaterThanOrEqual(1);
      expect(Number(refused.retryAfter)).toBeLessThanOrEqual(60);
    }
  });

  it('refuses a malformed TIER_LIMITS at start-up with one line naming it', async () => {
    await expect(spawnApp(['--role', 'api'], { DATABASE_URL: pg.url, REDIS_URL: testRedisUrl, PORT: '0', TIER_LIMITS: '{"gold":{"requestsPerMinute":1}}' }, 30_000)).rejects.toThrow(
      /Configuration error: TIER_LIMITS/,
    );
  });
});
