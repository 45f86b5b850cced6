import type { EntityManager } from 'typeorm';
import {
  DECODED_EVENT_KINDS,
  type DecodedEvent,
  type DecodedEventKind,
  type DecodedEventOf,
} from '../../chain/decoders/types.js';
import type { Database } from '../createDatabase.js';
import { EVENT_ENTITIES } from '../entities/events/eventEntities.js';
import type { TokenMetadataStatus } from '../../chain/readTokenMetadataResults.js';
import { TokenEntity } from '../entities/events/token.entity.js';
import {
  buildCountByKindStatement,
  buildDeleteAboveStatement,
  buildEventTableSpec,
  buildInsertStatement,
  chunkRows,
  DEFAULT_MAX_PARAMETERS,
  type EventTableSpec,
  type Statement,
} from './eventRepositorySql.js';

/** Options of {@link createEventRepository}. */
export interface EventRepositoryOptions {
  /** Most bind parameters one INSERT may carry. Default 59,999 (Postgres allows 65,535). */
  maxParametersPerStatement?: number;
}

/** ERC-20 metadata to store; `address` is lowercased on write. */
export interface TokenRecord {
  chainId: number;
  address: string;
  symbol: string | null;
  name: string | null;
  decimals: number | null;
  status: TokenMetadataStatus;
}

/** Block range of {@link EventRepository.listEvents}, inclusive; both ends optional. */
export interface BlockRange {
  fromBlock?: number;
  toBlock?: number;
}

async function runCount(manager: EntityManager, { sql, parameters }: Statement): Promise<number> {
  const rows = (await manager.query(sql, parameters)) as { n: number | string }[];
  return Number(rows[0]?.n ?? 0);
}

function groupByKind(events: readonly DecodedEvent[]): Map<DecodedEventKind, DecodedEvent[]> {
  const groups = new Map<DecodedEventKind, DecodedEvent[]>();
  for (const event of events) {
    const group = groups.get(event.kind);
    if (group) group.push(event);
    else groups.set(event.kind, [event]);
  }
  return groups;
}

function dedupeTokens(tokens: readonly TokenRecord[]): TokenRecord[] {
  // ON CONFLICT DO UPDATE refuses to touch one row twice in a statement: keep the last record per key.
  const byKey = new Map<string, TokenRecord>();
  for (const token of tokens) {
    const address = token.address.toLowerCase();
    byKey.set(`${token.chainId}:${address}`, { ...token, address });
  }
  return [...byKey.values()];
}

/**
 * Stores decoded events in their typed tables (see the DecodedEvents migration) and token metadata.
 * Writes take the caller's `EntityManager` so they join its transaction (the indexer writes blocks, events and its
 * cursor atomically).
 */
export function createEventRepository(db: Database, options: EventRepositoryOptions = {}) {
  const maxParameters = options.maxParametersPerStatement ?? DEFAULT_MAX_PARAMETERS;
  const specs = DECODED_EVENT_KINDS.map((kind) => buildEventTableSpec(kind, db.dataSource.getMetadata(EVENT_ENTITIES[kind])));
  const specOf = new Map<DecodedEventKind, EventTableSpec>(specs.map((spec) => [spec.kind, spec]));

  return {
    /**
     * Inserts events, grouped per table, as multi-row `INSERT ... ON CONFLICT DO NOTHING` in chunks under the
     * parameter limit. Idempotent: a log already stored (same chain, block number, log index) is skipped, even if
     * its content differs, so a reorged range must be removed with `deleteAbove` first.
     * Returns how many rows were new.
     */
    async insertEvents(manager: EntityManager, events: readonly DecodedEvent[]): Promise<number> {
      let inserted = 0;
      for (const [kind, group] of groupByKind(events)) {
        const spec = specOf.get(kind);
        if (!spec) throw new TypeError(`No table for event kind ${String(kind)}`);
        for (const chunk of chunkRows(group, spec.columns.length, maxParameters)) {
          inserted += await runCount(manager, buildInsertStatement(spec, chunk));
        }
      }
      return inserted;
    },

    /** Deletes a chain's events with `block_number > blockNumber` from every event table (a reorg rollback). Returns how many went. */
    async deleteAbove(manager: EntityManager, chainId: number, blockNumber: number): Promise<number> {
      let deleted = 0;
      for (const spec of specs) deleted += await runCount(manager, buildDeleteAboveStatement(spec.table, chainId, blockNumber));
      return deleted;
    },

    /** Inserts or replaces token metadata (last record wins per chain and address). */
    async upsertTokens(manager: EntityManager, tokens: readonly TokenRecord[]): Promise<void> {
      const rows = dedupeTokens(tokens);
      for (const chunk of chunkRows(rows, 6, maxParameters)) {
        await manager
          .createQueryBuilder()
          .insert()
          .into(TokenEntity)
          .values(chunk)
          .orUpdate(['symbol', 'name', 'decimals', 'metadata_status', 'updated_at'], ['chain_id', 'address'])
          .execute();
      }
    },

    /** Stored tokens of a chain, by lowercase address. */
    async getTokens(chainId: number, addresses: readonly string[]): Promise<TokenEntity[]> {
      if (addresses.length === 0) return [];
      return db.dataSource
        .getRepository(TokenEntity)
        .createQueryBuilder('t')
        .where('t.chain_id = :chainId AND t.address IN (:...addresses)', { chainId, addresses: addresses.map((a) => a.toLowerCase()) })
        .orderBy('t.address')
        .getMany();
    },

    /** Row count of every event table for a chain. */
    async countByKind(chainId: number): Promise<Record<DecodedEventKind, number>> {
      const { sql, parameters } = buildCountByKindStatement(specs, chainId);
      const rows = (await db.dataSource.query(sql, parameters)) as { kind: DecodedEventKind; n: number | string }[];
      const counts = Object.fromEntries(DECODED_EVENT_KINDS.map((kind) => [kind, 0])) as Record<DecodedEventKind, number>;
      for (const row of rows) counts[row.kind] = Number(row.n);
      return counts;
    },

    /** A chain's events of one kind in log order, optionally within a block range, as decoded events again. */
    async listEvents<K extends DecodedEventKind>(kind: K, chainId: number, range: BlockRange = {}): Promise<DecodedEventOf<K>[]> {
      const query = db.dataSource
        .getRepository(EVENT_ENTITIES[kind])
        .createQueryBuilder('e')
        .where('e.chain_id = :chainId', { chainId })
        .orderBy('e.block_number', 'ASC')
        .addOrderBy('e.log_index', 'ASC');
      if (range.fromBlock !== undefined) query.andWhere('e.block_number >= :fromBlock', { fromBlock: range.fromBlock });
      if (range.toBlock !== undefined) query.andWhere('e.block_number <= :toBlock', { toBlock: range.toBlock });
      const rows = await query.getMany();
      return rows.map((row) => ({ kind, ...row }) as DecodedEventOf<K>);
    },
  };
}

/** The event repository's interface. */
export type EventRepository = ReturnType<typeof createEventRepository>;
