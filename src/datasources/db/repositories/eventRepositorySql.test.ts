import { describe, expect, it } from 'vitest';
import type { DecodedEvent } from '../../chain/decoders/types.js';
import {
  buildCountByKindStatement,
  buildDeleteAboveStatement,
  buildInsertStatement,
  chunkRows,
  DEFAULT_MAX_PARAMETERS,
  type EventTableSpec,
} from './eventRepositorySql.js';

const spec: EventTableSpec = {
  kind: 'uniswapV2Sync',
  table: 'uniswap_v2_syncs',
  columns: [
    { name: 'chain_id', read: (e) => e.chainId },
    { name: 'log_index', read: (e) => e.logIndex },
    { name: 'reserve0', read: (e) => (e.kind === 'uniswapV2Sync' ? e.reserve0.toString() : null) },
  ],
};
const sync = (logIndex: number): DecodedEvent => ({
  kind: 'uniswapV2Sync',
  chainId: 1,
  blockNumber: 5,
  blockHash: '0x',
  txHash: '0x',
  logIndex,
  address: '0xpair',
  reserve0: 10n ** 30n + BigInt(logIndex),
  reserve1: 0n,
});

describe('chunkRows()', () => {
  it('never binds more parameters per statement than the limit', () => {
    const rows = Array.from({ length: 10_001 }, (_v, i) => i);
    const chunks = chunkRows(rows, 13, DEFAULT_MAX_PARAMETERS);
    expect(chunks.flat()).toEqual(rows);
    expect(Math.max(...chunks.map((c) => c.length * 13))).toBeLessThan(60_000);
    expect(chunks[0]).toHaveLength(Math.floor(59_999 / 13));
  });

  it('returns no chunk for no rows and refuses a row wider than the limit', () => {
    expect(chunkRows([], 5)).toEqual([]);
    expect(() => chunkRows([1], 50, 40)).toThrow(RangeError);
  });
});

describe('buildInsertStatement()', () => {
  it('numbers the placeholders row by row and reads values through the columns', () => {
    const { sql, parameters } = buildInsertStatement(spec, [sync(0), sync(1)]);
    expect(sql).toBe(
      'WITH inserted AS (INSERT INTO "uniswap_v2_syncs" ("chain_id", "log_index", "reserve0") VALUES ($1, $2, $3), ($4, $5, $6) ' +
        'ON CONFLICT DO NOTHING RETURNING 1) SELECT count(*)::int AS n FROM inserted',
    );
    expect(parameters).toEqual([1, 0, '1000000000000000000000000000000', 1, 1, '1000000000000000000000000000001']);
  });
});

describe('buildDeleteAboveStatement() and buildCountByKindStatement()', () => {
  it('bind the chain and height', () => {
    expect(buildDeleteAboveStatement('uniswap_v2_syncs', 1, 99)).toEqual({
      sql: 'WITH deleted AS (DELETE FROM "uniswap_v2_syncs" WHERE chain_id = $1 AND block_number > $2 RETURNING 1) SELECT count(*)::int AS n FROM deleted',
      parameters: [1, 99],
    });
    expect(buildCountByKindStatement([spec, { ...spec, kind: 'erc20Transfer', table: 'erc20_transfers' }], 7)).toEqual({
      sql:
        `SELECT 'uniswapV2Sync' AS kind, count(*)::int AS n FROM "uniswap_v2_syncs" WHERE chain_id = $1 UNION ALL ` +
        `SELECT 'erc20Transfer' AS kind, count(*)::int AS n FROM "erc20_transfers" WHERE chain_id = $1`,
      parameters: [7],
    });
  });
});
