import type { MigrationInterface, QueryRunner } from 'typeorm';

// Frozen with the migration: these helpers must not change once it has run anywhere.
const address = (column: string) => `${column} text NOT NULL CHECK (${column} ~ '^0x[0-9a-f]{40}$')`;
const usd = (column: string) => `${column} double precision NOT NULL DEFAULT 0`;
const WINDOWS = ['volume_usd_7d', 'volume_usd_30d', 'fees_usd_7d', 'fees_usd_30d'];

/**
 * Market history: 7d/30d volume and fees on pool and protocol stats; lending `borrowed_usd` and the block each
 * snapshot was computed at; price snapshots become OHLC candles (`price_usd` is the close); daily snapshot tables
 * beside the hourly ones (same shape, `bucket_start_sec` aligned to 00:00 UTC).
 */
export class MarketHistory1732700000000 implements MigrationInterface {
  name = 'MarketHistory1732700000000';

  async up(q: QueryRunner): Promise<void> {
    for (const table of ['pool_stats', 'protocol_stats']) {
      await q.query(`ALTER TABLE ${table} ${WINDOWS.map((c) => `ADD COLUMN ${usd(c)}`).join(', ')}`);
    }
    await q.query(`ALTER TABLE tvl_snapshots ADD COLUMN ${usd('borrowed_usd')}, ADD COLUMN block_number bigint`);
    await q.query('ALTER TABLE price_snapshots ADD COLUMN open_usd double precision, ADD COLUMN high_usd double precision, ADD COLUMN low_usd double precision, ADD COLUMN block_number bigint');
    await q.query('UPDATE price_snapshots SET open_usd = price_usd, high_usd = price_usd, low_usd = price_usd');
    await q.query('ALTER TABLE price_snapshots ALTER COLUMN open_usd SET NOT NULL, ALTER COLUMN high_usd SET NOT NULL, ALTER COLUMN low_usd SET NOT NULL');
    await q.query(`
      CREATE TABLE tvl_snapshots_daily (
        slug text NOT NULL,
        chain_id integer NOT NULL,
        bucket_start_sec bigint NOT NULL,
        ${usd('tvl_usd')},
        ${usd('borrowed_usd')},
        block_number bigint,
        PRIMARY KEY (slug, chain_id, bucket_start_sec)
      )`);
    await q.query(`
      CREATE TABLE price_snapshots_daily (
        chain_id integer NOT NULL,
        ${address('address')},
        bucket_start_sec bigint NOT NULL,
        open_usd double precision NOT NULL,
        high_usd double precision NOT NULL,
        low_usd double precision NOT NULL,
        price_usd double precision NOT NULL,
        block_number bigint,
        PRIMARY KEY (chain_id, address, bucket_start_sec)
      )`);
    await q.query('CREATE INDEX tvl_snapshots_chain_bucket ON tvl_snapshots (chain_id, bucket_start_sec)');
    await q.query('CREATE INDEX tvl_snapshots_daily_chain_bucket ON tvl_snapshots_daily (chain_id, bucket_start_sec)');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE price_snapshots_daily');
    await q.query('DROP TABLE tvl_snapshots_daily');
    await q.query('DROP INDEX tvl_snapshots_chain_bucket');
    await q.query('ALTER TABLE price_snapshots DROP COLUMN open_usd, DROP COLUMN high_usd, DROP COLUMN low_usd, DROP COLUMN block_number');
    await q.query('ALTER TABLE tvl_snapshots DROP COLUMN borrowed_usd, DROP COLUMN block_number');
    for (const table of ['pool_stats', 'protocol_stats']) {
      await q.query(`ALTER TABLE ${table} ${WINDOWS.map((c) => `DROP COLUMN ${c}`).join(', ')}`);
    }
  }
}
