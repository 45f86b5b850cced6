import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Accounts and their API keys. A key is stored only as its public lookup `prefix` and the sha-256 `hash` of the
 * whole key; `tier` is copied from the account when the key is made; `revoked_at` set means the key is dead.
 */
export class ApiKeys1732800000000 implements MigrationInterface {
  name = 'ApiKeys1732800000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE accounts (
        id uuid PRIMARY KEY,
        name text NOT NULL,
        tier text NOT NULL CHECK (tier IN ('free', 'pro', 'enterprise')),
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE api_keys (
        id uuid PRIMARY KEY,
        account_id uuid NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
        name text NOT NULL,
        prefix text NOT NULL UNIQUE CHECK (prefix ~ '^[0-9a-f]{12}$'),
        hash text NOT NULL CHECK (hash ~ '^[0-9a-f]{64}$'),
        tier text NOT NULL CHECK (tier IN ('free', 'pro', 'enterprise')),
        created_at timestamptz NOT NULL DEFAULT now(),
        last_used_at timestamptz,
        revoked_at timestamptz
      )`);
    await q.query('CREATE INDEX api_keys_account ON api_keys (account_id, created_at)');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE api_keys');
    await q.query('DROP TABLE accounts');
  }
}
