/**
 * Where the commit time of our backfill goes: the same decoded events inserted in one transaction into fresh
 * databases, with src's repository (multi-row VALUES) and with a prototype `unnest` insert, on the migrated schema
 * and on variants without its regex CHECK constraints or its secondary indexes.
 */
import { buildLogger } from '../../src/common/logger.js';
import type { ChainConfig } from '../../src/config/chainsFile.js';
import { createChainClient } from '../../src/datasources/chain/createChainClient.js';
import type { DecodedEvent } from '../../src/datasources/chain/decoders/types.js';
import { createDatabase, type Database } from '../../src/datasources/db/createDatabase.js';
import { EVENT_ENTITIES } from '../../src/datasources/db/entities/events/eventEntities.js';
import { createEventRepository } from '../../src/datasources/db/repositories/eventRepository.js';
import { buildEventTableSpec } from '../../src/datasources/db/repositories/eventRepositorySql.js';
import { createSourceSet } from '../../src/jobs/indexer/createSourceSet.js';
import { fetchRangeEvents } from '../../src/jobs/indexer/fetchRangeEvents.js';
import { createTestPostgres } from '../../test/helpers/database.js';
import { COMPARED_TABLES } from './digestTables.js';
import { patchChainClient } from './patchChainClient.js';

type Schema = 'as migrated' | 'no regex CHECKs' | 'no secondary indexes';
type Insert = 'src multi-row VALUES' | 'prototype unnest';

const TABLES = Object.values(COMPARED_TABLES).map((t) => `'${t.table}'`).join(', ');
const PG_ARRAY_TYPE: Record<string, string> = { integer: 'int4', bigint: 'int8', text: 'text', numeric: 'numeric', boolean: 'bool' };

async function alterSchema(db: Database, schema: Schema): Promise<void> {
  const q = (sql: string) => db.dataSource.query(sql) as Promise<Record<string, string>[]>;
  if (schema === 'no regex CHECKs') {
    const checks = await q(`SELECT conrelid::regclass::text AS t, conname FROM pg_constraint WHERE contype = 'c' AND conrelid::regclass::text IN (${TABLES}) AND pg_get_constraintdef(oid) LIKE '%~%'`);
    for (const c of checks) await q(`ALTER TABLE ${c.t} DROP CONSTRAINT ${c.conname}`);
  }
  if (schema === 'no secondary indexes') {
    const indexes = await q(`SELECT indexname FROM pg_indexes WHERE tablename IN (${TABLES}) AND indexname NOT LIKE '%_pkey'`);
    for (const i of indexes) await q(`DROP INDEX ${i.indexname}`);
  }
}

/** One `INSERT ... SELECT * FROM unnest($1::type[], ...)` per table: one bind parameter per column, not per value. */
async function insertUnnest(db: Database, events: readonly DecodedEvent[]): Promise<void> {
  const groups = new Map<DecodedEvent['kind'], DecodedEvent[]>();
  for (const event of events) {
    const group = groups.get(event.kind);
    if (group) group.push(event);
    else groups.set(event.kind, [event]);
  }
  await db.transaction(async (manager) => {
    for (const [kind, group] of groups) {
      const metadata = db.dataSource.getMetadata(EVENT_ENTITIES[kind]);
      const spec = buildEventTableSpec(kind, metadata);
      const types = metadata.columns.map((c) => PG_ARRAY_TYPE[String(c.type)] ?? String(c.type));
      const columns = spec.columns.map((c) => `"${c.name}"`).join(', ');
      const unnest = types.map((type, i) => `$${i + 1}::${type}[]`).join(', ');
      await manager.query(`INSERT INTO "${spec.table}" (${columns}) SELECT * FROM unnest(${unnest}) ON CONFLICT DO NOTHING`, spec.columns.map((c) => group.map((e) => c.read(e))));
    }
  });
}

async function timeInsert(events: readonly DecodedEvent[], schema: Schema, insert: Insert): Promise<number> {
  const pg = await createTestPostgres();
  const db = await createDatabase({ url: pg.url, logger: buildLogger('silent') });
  try {
    await alterSchema(db, schema);
    const t0 = performance.now();
    if (insert === 'prototype unnest') await insertUnnest(db, events);
    else await db.transaction((manager) => createEventRepository(db).insertEvents(manager, events));
    return performance.now() - t0;
  } finally {
    await db.close();
    await pg.drop();
  }
}

/** Fetches the chain's events once (src fetchRangeEvents), then times each insert variant `rounds` times; a markdown table. */
export async function profileCommit(chain: ChainConfig, toBlock: number, rounds: number): Promise<string> {
  const client = patchChainClient(createChainClient(chain), chain, 'large-bodies');
  const t0 = performance.now();
  const { events } = await fetchRangeEvents(client, createSourceSet(chain.sources, { v2Pairs: [], v3Pools: [] }), 0, toBlock);
  const fetchMs = performance.now() - t0;
  const lines = [
    `${events.length.toLocaleString('en-US')} events fetched and decoded in one range in ${Math.round(fetchMs)} ms; insert in one transaction, ms per round:`,
    '',
    '| schema | insert | ms |',
    '| --- | --- | --- |',
  ];
  const variants: [Schema, Insert][] = [
    ['as migrated', 'src multi-row VALUES'],
    ['as migrated', 'prototype unnest'],
    ['no regex CHECKs', 'src multi-row VALUES'],
    ['no regex CHECKs', 'prototype unnest'],
    ['no secondary indexes', 'src multi-row VALUES'],
  ];
  for (const [schema, insert] of variants) {
    const samples: number[] = [];
    for (let i = 0; i < rounds; i++) samples.push(await timeInsert(events, schema, insert));
    lines.push(`| ${schema} | ${insert} | ${samples.map((ms) => Math.round(ms)).join(', ')} |`);
  }
  return lines.join('\n');
}
