import type { ChainClient } from '../../src/datasources/chain/createChainClient.js';
import type { Database } from '../../src/datasources/db/createDatabase.js';

/** What the backfill waited on. */
export type Phase = 'getLogs' | 'headers' | 'commit';

export const PHASES: readonly Phase[] = ['getLogs', 'headers', 'commit'];

/** Wall time per phase (overlapping calls counted once), calls per phase, and logs received. */
export interface Breakdown {
  wallMs: Record<Phase, number>;
  calls: Record<Phase, number>;
  /** Wall time spent in none of the phases: decoding, validation, and the indexer's own work. */
  otherMs: number;
  logs: number;
}

/** Records the intervals of the indexer's RPC calls and commits. */
export function createTimeline() {
  const intervals: Record<Phase, [number, number][]> = { getLogs: [], headers: [], commit: [] };
  let logs = 0;

  async function time<T>(phase: Phase, fn: () => Promise<T>): Promise<T> {
    const start = performance.now();
    try {
      return await fn();
    } finally {
      intervals[phase].push([start, performance.now()]);
    }
  }

  return {
    /** Wraps a chain client so its getLogs and header calls are timed; the indexer cannot tell. */
    client: (client: ChainClient): ChainClient => ({
      ...client,
      async getLogs(filter) {
        const result = await time('getLogs', () => client.getLogs(filter));
        logs += result.length;
        return result;
      },
      getBlockHeader: (number) => time('headers', () => client.getBlockHeader(number)),
    }),
    /** Wraps a database so its transactions (the indexer's commits) are timed. */
    database: (db: Database): Database => ({ ...db, transaction: (fn) => time('commit', () => db.transaction(fn)) }),
    /** The breakdown of `[from, to]`. */
    breakdown(from: number, to: number): Breakdown {
      const union = (list: [number, number][]) => {
        const sorted = list.map(([a, b]): [number, number] => [Math.max(a, from), Math.min(b, to)]).filter(([a, b]) => b > a).sort((x, y) => x[0] - y[0]);
        let total = 0;
        let [start, end] = [Number.NaN, Number.NaN];
        for (const [a, b] of sorted) {
          if (!(a <= end)) {
            if (end > start) total += end - start;
            [start, end] = [a, b];
          } else end = Math.max(end, b);
        }
        return end > start ? total + end - start : total;
      };
      const wallMs = { getLogs: union(intervals.getLogs), headers: union(intervals.headers), commit: union(intervals.commit) };
      const calls = { getLogs: intervals.getLogs.length, headers: intervals.headers.length, commit: intervals.commit.length };
      const busy = union(PHASES.flatMap((phase) => intervals[phase]));
      return { wallMs, calls, otherMs: to - from - busy, logs };
    },
  };
}
