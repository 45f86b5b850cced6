import type { MigrationInterface, QueryRunner } from 'typeorm';

// Frozen with the migration: these helpers must not change once it has run anywhere.
const address = (column: string) => `${column} text NOT NULL CHECK (${column} ~ '^0x[0-9a-f]{40}$')`;
const amount = (column: string) => `${column} numeric(78,0) NOT NULL`;
const int = (column: string) => `${column} integer NOT NULL`;
const bool = (column: string) => `${column} boolean NOT NULL`;

interface EventTable {
  name: string;
  columns: string[];
  /** Extra indexes (column lists), besides the primary key and (chain_id, address, block_number). */
  indexes: string[][];
}

const EVENT_TABLES: EventTable[] = [
  {
    name: 'erc20_transfers',
    columns: [address('from_address'), address('to_address'), amount('value')],
    indexes: [['chain_id', 'from_address', 'block_number'], ['chain_id', 'to_address', 'block_number']],
  },
  {
    name: 'uniswap_v2_pairs',
    columns: [address('token0'), address('token1'), address('pair'), amount('pair_count')],
    indexes: [['chain_id', 'pair'], ['chain_id', 'token0'], ['chain_id', 'token1']],
  },
  { name: 'uniswap_v2_syncs', columns: [amount('reserve0'), amount('reserve1')], indexes: [] },
  {
    name: 'uniswap_v2_swaps',
    columns: [address('sender'), address('to_address'), amount('amount0_in'), amount('amount1_in'), amount('amount0_out'), amount('amount1_out')],
    indexes: [['chain_id', 'to_address', 'block_number']],
  },
  { name: 'uniswap_v2_mints', columns: [address('sender'), amount('amount0'), amount('amount1')], indexes: [] },
  { name: 'uniswap_v2_burns', columns: [address('sender'), address('to_address'), amount('amount0'), amount('amount1')], indexes: [] },
  {
    name: 'uniswap_v3_pools',
    columns: [address('token0'), address('token1'), int('fee'), int('tick_spacing'), address('pool')],
    indexes: [['chain_id', 'pool'], ['chain_id', 'token0'], ['chain_id', 'token1']],
  },
  { name: 'uniswap_v3_initializes', columns: [amount('sqrt_price_x96'), int('tick')], indexes: [] },
  {
    name: 'uniswap_v3_swaps',
    columns: [address('sender'), address('recipient'), amount('amount0'), amount('amount1'), amount('sqrt_price_x96'), amount('liquidity'), int('tick')],
    indexes: [['chain_id', 'recipient', 'block_number']],
  },
  {
    name: 'uniswap_v3_mints',
    columns: [address('sender'), address('owner'), int('tick_lower'), int('tick_upper'), amount('amount'), amount('amount0'), amount('amount1')],
    indexes: [],
  },
  {
    name: 'uniswap_v3_burns',
    columns: [address('owner'), int('tick_lower'), int('tick_upper'), amount('amount'), amount('amount0'), amount('amount1')],
    indexes: [],
  },
  {
    name: 'uniswap_v3_collects',
    columns: [address('owner'), address('recipient'), int('tick_lower'), int('tick_upper'), amount('amount0'), amount('amount1')],
    indexes: [],
  },
  {
    name: 'aave_v3_supplies',
    columns: [address('reserve'), address('user_address'), address('on_behalf_of'), amount('amount'), int('referral_code')],
    indexes: [['chain_id', 'reserve', 'block_number'], ['chain_id', 'on_behalf_of', 'block_number']],
  },
  {
    name: 'aave_v3_withdraws',
    columns: [address('reserve'), address('user_address'), address('to_address'), amount('amount')],
    indexes: [['chain_id', 'reserve', 'block_number'], ['chain_id', 'user_address', 'block_number']],
  },
  {
    name: 'aave_v3_borrows',
    columns: [
      address('reserve'), address('user_address'), address('on_behalf_of'), amount('amount'),
      int('interest_rate_mode'), amount('borrow_rate'), int('referral_code'),
    ],
    indexes: [['chain_id', 'reserve', 'block_number'], ['chain_id', 'on_behalf_of', 'block_number']],
  },
  {
    name: 'aave_v3_repays',
    columns: [address('reserve'), address('user_address'), address('repayer'), amount('amount'), bool('use_a_tokens')],
    indexes: [['chain_id', 'reserve', 'block_number'], ['chain_id', 'user_address', 'block_number']],
  },
  {
    name: 'aave_v3_liquidations',
    columns: [
      address('collateral_asset'), address('debt_asset'), address('user_address'), amount('debt_to_cover'),
      amount('liquidated_collateral_amount'), address('liquidator'), bool('receive_a_token'),
    ],
    indexes: [['chain_id', 'user_address', 'block_number'], ['chain_id', 'liquidator', 'block_number']],
  },
  {
    name: 'aave_v3_reserve_data_updates',
    columns: [
      address('reserve'), amount('liquidity_rate'), amount('stable_borrow_rate'), amount('variable_borrow_rate'),
      amount('liquidity_index'), amount('variable_borrow_index'),
    ],
    indexes: [['chain_id', 'reserve', 'block_number']],
  },
  { name: 'price_feed_answers', columns: [amount('answer'), amount('round_id'), amount('updated_at_sec')], indexes: [] },
];

function createEventTable({ name, columns }: EventTable): string {
  return `
      CREATE TABLE ${name} (
        chain_id integer NOT NULL,
        block_number bigint NOT NULL CHECK (block_number >= 0),
        log_index integer NOT NULL CHECK (log_index >= 0),
        block_hash text NOT NULL CHECK (block_hash ~ '^0x[0-9a-f]{64}$'),
        tx_hash text NOT NULL CHECK (tx_hash ~ '^0x[0-9a-f]{64}$'),
        ${address('address')},
        ${columns.join(',\n        ')},
        PRIMARY KEY (chain_id, block_number, log_index)
      )`;
}

/**
 * One typed table per decoded event kind, keyed by log position (idempotent inserts, reorg deletes by height),
 * and `tokens` for ERC-20 metadata. No foreign keys: events are written in bulk and removed by height.
 */
export class DecodedEvents1732500000000 implements MigrationInterface {
  name = 'DecodedEvents1732500000000';

  async up(q: QueryRunner): Promise<void> {
    for (const table of EVENT_TABLES) {
      await q.query(createEventTable(table));
      for (const columns of [['chain_id', 'address', 'block_number'], ...table.indexes]) {
        const suffix = columns.filter((c) => c !== 'chain_id').join('_');
        await q.query(`CREATE INDEX ${table.name}_by_${suffix} ON ${table.name} (${columns.join(', ')})`);
      }
    }
    await q.query(`
      CREATE TABLE tokens (
        chain_id integer NOT NULL,
        ${address('address')},
        symbol text,
        name text,
        decimals integer CHECK (decimals BETWEEN 0 AND 255),
        metadata_status text NOT NULL CHECK (metadata_status IN ('ok', 'nonstandard', 'failed')),
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (chain_id, address)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE tokens');
    for (const table of [...EVENT_TABLES].reverse()) await q.query(`DROP TABLE ${table.name}`);
  }
}
