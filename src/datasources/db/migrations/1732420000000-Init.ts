import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Chain registry and block headers. */
export class Init1732420000000 implements MigrationInterface {
  name = 'Init1732420000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE chains (
        chain_id integer PRIMARY KEY,
        name text NOT NULL UNIQUE,
        head_block bigint,
        indexed_block bigint,
        status text NOT NULL DEFAULT 'starting',
        status_detail text,
        finality_depth integer NOT NULL,
        leader_epoch integer NOT NULL DEFAULT 0,
        rpc_latency_ms real,
        rpc_error_rate real,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE blocks (
        chain_id integer NOT NULL REFERENCES chains(chain_id),
        number bigint NOT NULL,
        hash text NOT NULL,
        parent_hash text NOT NULL,
        timestamp_sec bigint NOT NULL,
        transaction_count integer NOT NULL,
        miner text NOT NULL,
        gas_used numeric(78,0) NOT NULL,
        base_fee_per_gas numeric(78,0),
        indexed_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (chain_id, number),
        CHECK (hash ~ '^0x[0-9a-f]{64}$'),
        CHECK (parent_hash ~ '^0x[0-9a-f]{64}$'),
        CHECK (miner ~ '^0x[0-9a-f]{40}$'),
        CHECK (number >= 0 AND transaction_count >= 0)
      )`);
    await q.query(`CREATE UNIQUE INDEX blocks_chain_hash ON blocks (chain_id, hash)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE blocks');
    await q.query('DROP TABLE chains');
  }
}
