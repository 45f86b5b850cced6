import { appendFile, mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { Label, LabelKind } from './types.js';

/** Where confirmed labels go: `labels.jsonl`, one JSON object per line. */
export interface LabelSink {
  /** The file, or undefined when labels are only counted. */
  readonly path: string | undefined;
  /** Appends (or, while held, buffers) labels of one chain. Writes are serialized. */
  append(labels: readonly Label[]): Promise<void>;
  /** Buffers appended labels per chain until `release`, so concurrent chains cannot interleave nondeterministically. */
  hold(): void;
  /** Writes the held labels chain by chain (in `chainOrder`), then appends directly again. */
  release(): Promise<void>;
  /** Labels written (or buffered) so far, per kind. */
  counts(): Partial<Record<LabelKind, number>>;
}

/** Options of {@link createLabelSink}. */
export interface CreateLabelSinkOptions {
  /** The JSON-lines file; truncated on creation (a new devnet means new chains). Default: none (count only). */
  path?: string;
  /** Order in which held labels are released. Chains not listed come last, by id. */
  chainOrder?: readonly number[];
}

/**
 * Creates the labels file (parents included, emptied) and returns the sink that appends to it.
 * Product code never reads labels; tests and benchmarks do.
 */
export async function createLabelSink(options: CreateLabelSinkOptions = {}): Promise<LabelSink> {
  const { path } = options;
  if (path) {
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, '', 'utf8');
  }
  const counts: Partial<Record<LabelKind, number>> = {};
  let held: Map<number, Label[]> | undefined;
  let writing: Promise<void> = Promise.resolve();
  const write = (labels: readonly Label[]): Promise<void> => {
    if (!path || labels.length === 0) return writing;
    const text = labels.map((label) => `${JSON.stringify(label)}\n`).join('');
    writing = writing.then(() => appendFile(path, text, 'utf8'));
    return writing;
  };
  const rank = (chainId: number) => {
    const index = options.chainOrder?.indexOf(chainId) ?? -1;
    return index < 0 ? Number.MAX_SAFE_INTEGER : index;
  };
  return {
    path,
    append(labels) {
      for (const label of labels) counts[label.kind] = (counts[label.kind] ?? 0) + 1;
      if (!held) return write(labels);
      for (const label of labels) {
        const list = held.get(label.chainId) ?? [];
        list.push(label);
        held.set(label.chainId, list);
      }
      return Promise.resolve();
    },
    hold() {
      held ??= new Map();
    },
    async release() {
      const buffered = held;
      held = undefined;
      if (!buffered) return writing;
      const chains = [...buffered.keys()].sort((a, b) => rank(a) - rank(b) || a - b);
      for (const chainId of chains) await write(buffered.get(chainId)!);
      return writing;
    },
    counts: () => ({ ...counts }),
  };
}
