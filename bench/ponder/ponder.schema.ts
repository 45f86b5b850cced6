/* eslint-disable @typescript-eslint/ban-ts-comment -- Ponder runs this file untyped (vite-node); see README.md for why the root tsc must skip it. */
// @ts-nocheck
import { onchainTable, primaryKey } from 'ponder';

// One row per event, keyed like our event tables (src/datasources/db/entities/events): (chain, block, log index).
const position = (t) => ({
  chainId: t.integer().notNull(),
  blockNumber: t.bigint().notNull(),
  logIndex: t.integer().notNull(),
  blockHash: t.hex().notNull(),
  txHash: t.hex().notNull(),
  address: t.hex().notNull(),
});
const key = (table) => ({ pk: primaryKey({ columns: [table.chainId, table.blockNumber, table.logIndex] }) });

export const erc20Transfer = onchainTable('erc20_transfers', (t) => ({ ...position(t), from: t.hex().notNull(), to: t.hex().notNull(), value: t.bigint().notNull() }), key);

export const uniswapV2Pair = onchainTable(
  'uniswap_v2_pairs',
  (t) => ({ ...position(t), token0: t.hex().notNull(), token1: t.hex().notNull(), pair: t.hex().notNull(), pairCount: t.bigint().notNull() }),
  key,
);

export const uniswapV2Sync = onchainTable('uniswap_v2_syncs', (t) => ({ ...position(t), reserve0: t.bigint().notNull(), reserve1: t.bigint().notNull() }), key);

export const uniswapV2Swap = onchainTable(
  'uniswap_v2_swaps',
  (t) => ({
    ...position(t),
    sender: t.hex().notNull(),
    to: t.hex().notNull(),
    amount0In: t.bigint().notNull(),
    amount1In: t.bigint().notNull(),
    amount0Out: t.bigint().notNull(),
    amount1Out: t.bigint().notNull(),
  }),
  key,
);

export const uniswapV2Mint = onchainTable('uniswap_v2_mints', (t) => ({ ...position(t), sender: t.hex().notNull(), amount0: t.bigint().notNull(), amount1: t.bigint().notNull() }), key);

export const uniswapV2Burn = onchainTable(
  'uniswap_v2_burns',
  (t) => ({ ...position(t), sender: t.hex().notNull(), to: t.hex().notNull(), amount0: t.bigint().notNull(), amount1: t.bigint().notNull() }),
  key,
);
