import { COMPARED_KINDS, type ComparedKind, type TableDigest } from './digestTables.js';
import type { OursResult } from './runOurs.js';
import type { PonderResult } from './runPonder.js';

/** Everything the report shows. */
export interface IngestReport {
  date: string;
  command: string;
  machine: string;
  versions: string;
  loadAverage: string;
  chain: { blocks: number; historyBlocks: number; historyTxs: number; failedTxs: number; generationMs: number };
  /** Per round, one result per client patch. */
  ours: OursResult[][];
  ponder: PonderResult[];
}

const seconds = (ms: number | null) => (ms === null ? '-' : (ms / 1000).toFixed(2));
const rate = (n: number, ms: number | null) => (ms === null || ms <= 0 ? '-' : Math.round((n * 1000) / ms).toLocaleString('en-US'));

function median(values: number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

function totalRows(tables: Record<ComparedKind, TableDigest> | null): number {
  return tables ? COMPARED_KINDS.reduce((sum, kind) => sum + tables[kind].rows, 0) : 0;
}

interface Row {
  name: string;
  startupMs: number | null;
  backfillMs: number | null;
  samples: number[];
  note: string;
  /** Median CPU seconds of the indexer's process and of anvil during the run. */
  cpu: string;
}

function cpuCell(runs: ({ indexer: number | null; anvil: number | null } | null)[]): string {
  const indexer = median(runs.flatMap((c) => (c?.indexer == null ? [] : [c.indexer])));
  const anvil = median(runs.flatMap((c) => (c?.anvil == null ? [] : [c.anvil])));
  return `${seconds(indexer)} / ${seconds(anvil)}`;
}

function oursRows(report: IngestReport): Row[] {
  const patches = report.ours[0]?.map((r) => r.patch) ?? [];
  return patches.map((patch) => {
    const runs = report.ours.flatMap((round) => round.filter((r) => r.patch === patch));
    const done = runs.filter((r) => r.stalled === null);
    const stalled = runs.find((r) => r.stalled !== null);
    const note = stalled ? `stalled at block ${stalled.indexedBlock ?? '-'}: ${stalled.stalled!.split('\n')[0]}` : '';
    const name = patch === 'none' ? 'ours (src as is)' : `ours + client fix \`${patch}\``;
    const cpu = cpuCell(done.map((r) => r.cpuMs));
    return { name, startupMs: median(done.map((r) => r.startupMs)), backfillMs: median(done.map((r) => r.backfillMs)), samples: done.map((r) => r.backfillMs), note, cpu };
  });
}

function ponderRow(report: IngestReport): Row {
  const done = report.ponder.filter((r) => r.failure === null);
  const failed = report.ponder.find((r) => r.failure !== null);
  return {
    name: `Ponder ${report.ponder[0]?.version ?? ''}`.trim(),
    startupMs: median(done.map((r) => r.startupMs!)),
    backfillMs: median(done.map((r) => r.backfillMs!)),
    samples: done.map((r) => r.backfillMs!),
    note: failed ? `failed: ${failed.failure!.split('\n')[0]}` : '',
    cpu: cpuCell(done.map((r) => r.cpuMs)),
  };
}

function eventTable(report: IngestReport): string[] {
  const reference = report.ponder.find((r) => r.tables)?.tables ?? null;
  const ours = report.ours.flat().find((r) => r.stalled === null)?.tables ?? null;
  const lines = ['| event kind | ours rows | Ponder rows | same rows (md5) |', '| --- | --- | --- | --- |'];
  for (const kind of COMPARED_KINDS) {
    const [a, b] = [ours?.[kind], reference?.[kind]];
    const same = a && b ? (a.md5 === b.md5 && a.rows === b.rows ? 'yes' : '**no**') : '-';
    lines.push(`| ${kind} | ${a?.rows.toLocaleString('en-US') ?? '-'} | ${b?.rows.toLocaleString('en-US') ?? '-'} | ${same} |`);
  }
  return lines;
}

/** The markdown the benchmark prints (and docs/benchmarks.md records). */
export function formatReport(report: IngestReport): string {
  const completed = report.ours.flat().find((r) => r.stalled === null);
  const events = totalRows(completed?.tables ?? report.ponder.find((r) => r.tables)?.tables ?? null);
  const blocks = report.chain.blocks;
  const ponder = report.ponder.length > 0 ? ponderRow(report) : null;
  const rows = [...oursRows(report), ...(ponder ? [ponder] : [])];
  const ponderRate = ponder?.backfillMs == null ? null : events / ponder.backfillMs;
  const rounds = report.ours.length;
  const { chain } = report;
  const lines = [
    `${report.date}, \`${report.command}\``,
    '',
    `machine: ${report.machine}; ${report.versions}; load average ${report.loadAverage}`,
    `chain: ${blocks.toLocaleString('en-US')} blocks (${chain.historyBlocks} of generated history, ${chain.historyTxs.toLocaleString('en-US')} txs, ` +
      `${chain.failedTxs} reverted), ${events.toLocaleString('en-US')} decoded events (${Math.round(events / Math.max(1, chain.historyBlocks))} per history block); ` +
      `generated in ${seconds(chain.generationMs)} s`,
    '',
    `| indexer | startup s | backfill s${rounds > 1 ? ` (median of ${rounds})` : ''} | events/s | blocks/s | wall s | events/s (wall) | vs Ponder (events/s) | CPU s: indexer / anvil |`,
    '| --- | --- | --- | --- | --- | --- | --- | --- | --- |',
    ...rows.map((row) => {
      const wall = row.startupMs !== null && row.backfillMs !== null ? row.startupMs + row.backfillMs : null;
      const ratio = row.backfillMs !== null && ponderRate ? `${(events / row.backfillMs / ponderRate).toFixed(2)}x` : '-';
      const samples = row.samples.length > 1 ? ` (${row.samples.map((ms) => seconds(ms)).join(', ')})` : '';
      const backfill = row.backfillMs === null ? `- ${row.note}` : `${seconds(row.backfillMs)}${samples}`;
      return `| ${row.name} | ${seconds(row.startupMs)} | ${backfill} | ${rate(events, row.backfillMs)} | ${rate(blocks, row.backfillMs)} | ${seconds(wall)} | ${rate(events, wall)} | ${ratio} | ${row.cpu} |`;
    }),
    '',
    ...eventTable(report),
  ];
  return lines.join('\n');
}

/** Where our backfill spent its wall time, per completed run (overlapping calls of one phase counted once). */
export function formatBreakdown(results: OursResult[]): string {
  const lines = [
    '| run | backfill ms | eth_getLogs ms (calls, logs) | block headers ms (calls) | commits ms (transactions) | other ms (decode, validation, indexer) |',
    '| --- | --- | --- | --- | --- | --- |',
  ];
  for (const r of results) {
    const { wallMs, calls, otherMs, logs } = r.breakdown;
    const ms = (n: number) => Math.round(n).toLocaleString('en-US');
    lines.push(
      `| ${r.patch} | ${ms(r.backfillMs)} | ${ms(wallMs.getLogs)} (${calls.getLogs}, ${logs.toLocaleString('en-US')}) | ${ms(wallMs.headers)} (${calls.headers}) | ` +
        `${ms(wallMs.commit)} (${calls.commit}) | ${ms(otherMs)} |`,
    );
  }
  return lines.join('\n');
}
