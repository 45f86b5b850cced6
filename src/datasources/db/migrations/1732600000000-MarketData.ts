import type { MigrationInterface, QueryRunner } from 'typeorm';

// Frozen with the migration: these helpers must not change once it has run anywhere.
const address = (column: string) => `${column} text NOT NULL CHECK (${column} ~ '^0x[0-9a-f]{40}$')`;
const usd = (column: string) => `${column} double precision NOT NULL DEFAULT 0`;

/**
 * Derived market data written by the market job (src/jobs/market): current token prices, pool and protocol stats,
 * and hourly snapshots of protocol TVL and token prices. USD values are doubles (see src/analytics/README.md).
 */
export class MarketData1732600000000 implements MigrationInterface {
  name = 'MarketData1732600000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE token_prices (
        chain_id integer NOT NULL,
        ${address('address')},
        symbol text,
        decimals integer,
        price_usd double precision,
        confidence double precision NOT NULL DEFAULT 0,
        source text CHECK (source IN ('oracle', 'pool', 'peg')),
        unpriced_reason text,
        block_number bigint NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (chain_id, address)
      )`);
    await q.query(`
      CREATE TABLE pool_stats (
        chain_id integer NOT NULL,
        ${address('address')},
        protocol text NOT NULL,
        ${address('token0')},
        ${address('token1')},
        reserve0 numeric(78,0) NOT NULL,
        reserve1 numeric(78,0) NOT NULL,
        ${usd('tvl_usd')},
        ${usd('volume_usd_24h')},
        ${usd('fees_usd_24h')},
        block_number bigint NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (chain_id, address)
      )`);
    await q.query('CREATE INDEX pool_stats_chain_tvl ON pool_stats (chain_id, tvl_usd DESC)');
    await q.query(`
      CREATE TABLE protocol_stats (
        slug text NOT NULL,
        chain_id integer NOT NULL,
        ${usd('tvl_usd')},
        ${usd('borrowed_usd')},
        ${usd('volume_usd_24h')},
        ${usd('fees_usd_24h')},
        block_number bigint NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (slug, chain_id)
      )`);
    await q.query(`
      CREATE TABLE tvl_snapshots (
        slug text NOT NULL,
        chain_id integer NOT NULL,
        bucket_start_sec bigint NOT NULL,
        ${usd('tvl_usd')},
        PRIMARY KEY (slug, chain_id, bucket_start_sec)
      )`);
    await q.query(`
      CREATE TABLE price_snapshots (
        chain_id integer NOT NULL,
        ${address('address')},
        bucket_start_sec bigint NOT NULL,
        price_usd double precision NOT NULL,
        PRIMARY KEY (chain_id, address, bucket_start_sec)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of ['price_snapshots', 'tvl_snapshots', 'protocol_stats', 'pool_stats', 'token_prices']) await q.query(`DROP TABLE ${table}`);
  }
}
