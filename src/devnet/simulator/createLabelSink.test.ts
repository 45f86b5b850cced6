import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createLabelSink } from './createLabelSink.js';
import type { Label } from './types.js';

const label = (chainId: number, block: number, kind: Label['kind'] = 'arbitrage'): Label => ({
  chainId, block, kind, txHashes: [], actors: [], targets: [], amounts: {},
});

describe('createLabelSink()', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'labels-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  const lines = async (path: string) => (await readFile(path, 'utf8')).trim().split('\n').filter(Boolean).map((line) => JSON.parse(line) as Label);

  it('truncates the file and appends labels as JSON lines, counting them per kind', async () => {
    const path = join(dir, 'nested', 'labels.jsonl');
    const first = await createLabelSink({ path });
    await first.append([label(1, 1)]);
    const sink = await createLabelSink({ path });
    await sink.append([label(1, 2), label(1, 3, 'liquidation')]);
    expect((await lines(path)).map((l) => l.block)).toEqual([2, 3]);
    expect(sink.counts()).toEqual({ arbitrage: 1, liquidation: 1 });
  });

  it('while held, buffers per chain and releases chain by chain in the given order', async () => {
    const path = join(dir, 'labels.jsonl');
    const sink = await createLabelSink({ path, chainOrder: [42161, 1] });
    sink.hold();
    await sink.append([label(1, 5)]);
    await sink.append([label(42161, 4)]);
    await sink.append([label(1, 6)]);
    expect(await readFile(path, 'utf8')).toBe('');
    await sink.release();
    await sink.append([label(1, 7)]);
    expect((await lines(path)).map((l) => `${l.chainId}:${l.block}`)).toEqual(['42161:4', '1:5', '1:6', '1:7']);
  });

  it('only counts without a path', async () => {
    const sink = await createLabelSink();
    await sink.append([label(1, 1, 'sandwich')]);
    expect(sink.path).toBeUndefined();
    expect(sink.counts()).toEqual({ sandwich: 1 });
  });
});
