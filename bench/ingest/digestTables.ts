import pg from 'pg';

/**
 * The event tables both indexers write, by our event kind, with the columns they share by name (the log position
 * plus the decoded values). Ponder's app (bench/ponder/ponder.schema.ts) uses the same table names.
 */
export const COMPARED_TABLES = {
  erc20Transfer: { table: 'erc20_transfers', columns: ['value'] },
  uniswapV2PairCreated: { table: 'uniswap_v2_pairs', columns: ['token0', 'token1', 'pair', 'pair_count'] },
  uniswapV2Sync: { table: 'uniswap_v2_syncs', columns: ['reserve0', 'reserve1'] },
  uniswapV2Swap: { table: 'uniswap_v2_swaps', columns: ['sender', 'amount0_in', 'amount1_in', 'amount0_out', 'amount1_out'] },
  uniswapV2Mint: { table: 'uniswap_v2_mints', columns: ['sender', 'amount0', 'amount1'] },
  uniswapV2Burn: { table: 'uniswap_v2_burns', columns: ['sender', 'amount0', 'amount1'] },
} as const;

export type ComparedKind = keyof typeof COMPARED_TABLES;

export const COMPARED_KINDS = Object.keys(COMPARED_TABLES) as ComparedKind[];

/** Row count and content digest of one table. */
export interface TableDigest {
  rows: number;
  md5: string;
}

/**
 * Counts and digests (md5 over every row's position, hashes, emitter and shared values, in log order) each
 * compared table in `schema`: equal digests mean both indexers stored the same events.
 */
export async function digestTables(url: string, schema: string): Promise<Record<ComparedKind, TableDigest>> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const result = {} as Record<ComparedKind, TableDigest>;
    for (const kind of COMPARED_KINDS) {
      const { table, columns } = COMPARED_TABLES[kind];
      const fields = ['block_number', 'log_index', 'block_hash', 'tx_hash', 'address', ...columns].map((c) => `"${c}"::text`).join(', ');
      const { rows } = await client.query<{ n: number; md5: string | null }>(
        `SELECT count(*)::int AS n, md5(string_agg(concat_ws('/', ${fields}), ',' ORDER BY block_number, log_index)) AS md5 FROM "${schema}"."${table}"`,
      );
      result[kind] = { rows: rows[0]?.n ?? 0, md5: rows[0]?.md5 ?? '' };
    }
    return result;
  } finally {
    await client.end();
  }
}
