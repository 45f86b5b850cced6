import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * API usage per meter key and UTC day, flushed from Redis (or memory) by the usage meter.
 * `key_id` is an API key id, or `anon:<client address>` for anonymous callers (text, no foreign key, so a key's
 * history survives its revocation). `usage_flushes` records every applied flush batch: a batch retried after a
 * crash finds its id here and is not added twice.
 */
export class Usage1732900000000 implements MigrationInterface {
  name = 'Usage1732900000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE usage_daily (
        key_id text NOT NULL,
        day date NOT NULL,
        requests bigint NOT NULL DEFAULT 0,
        cost_points bigint NOT NULL DEFAULT 0,
        bytes_sent bigint NOT NULL DEFAULT 0,
        subscription_seconds bigint NOT NULL DEFAULT 0,
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (key_id, day)
      )`);
    await q.query(`
      CREATE TABLE usage_flushes (
        flush_id text PRIMARY KEY,
        applied_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query('CREATE INDEX usage_flushes_applied_at ON usage_flushes (applied_at)');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE usage_flushes');
    await q.query('DROP TABLE usage_daily');
  }
}
