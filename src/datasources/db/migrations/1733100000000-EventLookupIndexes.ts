import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * "The newest Sync of a pair / Swap of a V3 pool at or before a block" (every market refresh, backfill sample and
 * point-in-time pool read) orders by (block_number, log_index): with log_index in the index it is one index probe
 * instead of a sort over the pool's whole history.
 */
export class EventLookupIndexes1733100000000 implements MigrationInterface {
  name = 'EventLookupIndexes1733100000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query('CREATE INDEX uniswap_v2_syncs_latest ON uniswap_v2_syncs (chain_id, address, block_number DESC, log_index DESC)');
    await q.query('CREATE INDEX uniswap_v3_swaps_latest ON uniswap_v3_swaps (chain_id, address, block_number DESC, log_index DESC)');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP INDEX uniswap_v3_swaps_latest');
    await q.query('DROP INDEX uniswap_v2_syncs_latest');
  }
}
