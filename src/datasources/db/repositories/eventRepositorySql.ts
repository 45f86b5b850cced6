import type { EntityMetadata } from 'typeorm';
import type { DecodedEvent, DecodedEventKind } from '../../chain/decoders/types.js';

/** Postgres accepts 65,535 bind parameters per statement; stay well under it. */
export const DEFAULT_MAX_PARAMETERS = 59_999;

/** What an INSERT into one event table needs: the table and, per column, how to read it from an event. */
export interface EventTableSpec {
  kind: DecodedEventKind;
  table: string;
  columns: readonly { name: string; read: (event: DecodedEvent) => unknown }[];
}

/** A parameterised statement. */
export interface Statement {
  sql: string;
  parameters: unknown[];
}

const quote = (identifier: string) => `"${identifier.replace(/"/g, '""')}"`;

/** Reads the table and columns of an event entity; values go through the column transformers (bigint -> string). */
export function buildEventTableSpec(kind: DecodedEventKind, metadata: EntityMetadata): EventTableSpec {
  return {
    kind,
    table: metadata.tableName,
    columns: metadata.columns.map((column) => ({
      name: column.databaseName,
      read: (event: DecodedEvent) => column.getEntityValue(event, true) as unknown,
    })),
  };
}

/**
 * Splits `rows` so that no statement binds more than `maxParameters` values.
 * @throws RangeError when a single row already needs more than `maxParameters`.
 */
export function chunkRows<T>(rows: readonly T[], parametersPerRow: number, maxParameters = DEFAULT_MAX_PARAMETERS): T[][] {
  const perChunk = Math.floor(maxParameters / parametersPerRow);
  if (perChunk < 1) throw new RangeError(`A row binds ${parametersPerRow} parameters, more than the limit of ${maxParameters}`);
  const chunks: T[][] = [];
  for (let i = 0; i < rows.length; i += perChunk) chunks.push(rows.slice(i, i + perChunk));
  return chunks;
}

/**
 * A multi-row `INSERT ... ON CONFLICT DO NOTHING` that answers one row `{ n }`: how many rows were new.
 * (Counting through a CTE works the same on pg and PGlite, whose drivers report affected rows differently.)
 */
export function buildInsertStatement(spec: EventTableSpec, events: readonly DecodedEvent[]): Statement {
  const width = spec.columns.length;
  const parameters: unknown[] = [];
  const tuples = events.map((event, row) => {
    for (const column of spec.columns) parameters.push(column.read(event));
    return `(${spec.columns.map((_c, i) => `$${row * width + i + 1}`).join(', ')})`;
  });
  const columns = spec.columns.map((c) => quote(c.name)).join(', ');
  return {
    sql:
      `WITH inserted AS (INSERT INTO ${quote(spec.table)} (${columns}) VALUES ${tuples.join(', ')} ` +
      `ON CONFLICT DO NOTHING RETURNING 1) SELECT count(*)::int AS n FROM inserted`,
    parameters,
  };
}

/** Deletes a chain's rows above a height from one table, answering `{ n }` (rows deleted). */
export function buildDeleteAboveStatement(table: string, chainId: number, blockNumber: number): Statement {
  return {
    sql: `WITH deleted AS (DELETE FROM ${quote(table)} WHERE chain_id = $1 AND block_number > $2 RETURNING 1) SELECT count(*)::int AS n FROM deleted`,
    parameters: [chainId, blockNumber],
  };
}

/** One statement counting a chain's rows in every table, answering `{ kind, n }` rows. */
export function buildCountByKindStatement(specs: readonly EventTableSpec[], chainId: number): Statement {
  const selects = specs.map((spec) => `SELECT '${spec.kind}' AS kind, count(*)::int AS n FROM ${quote(spec.table)} WHERE chain_id = $1`);
  return { sql: selects.join(' UNION ALL '), parameters: [chainId] };
}
