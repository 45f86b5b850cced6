import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Point-in-time reads by timestamp (`block: { timestamp }`) look up the newest block at or before a time; without
 * this index that walks `blocks` back from the head, one row per block.
 */
export class BlockTimeIndex1733000000000 implements MigrationInterface {
  name = 'BlockTimeIndex1733000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query('CREATE INDEX blocks_chain_time ON blocks (chain_id, timestamp_sec DESC, number DESC)');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP INDEX blocks_chain_time');
  }
}
