import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { createPublicClient, getAbiItem, http } from 'viem';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseChainsFile } from '../config/chainsFile.js';
import type { DevnetManifest } from './manifest.js';
import { aaveV3OracleAbi } from './protocols/aaveV3Abis.js';
import type { Label } from './simulator/types.js';
import { startDevnet, type Devnet } from './startDevnet.js';

const SEED = 5;
const HISTORY_SEC = 20 * 60;

interface Run {
  devnet: Devnet;
  dir: string;
  labelsText: string;
  manifestText: string;
}

async function run(): Promise<Run> {
  const dir = await mkdtemp(join(tmpdir(), 'devnet-history-'));
  const manifestPath = join(dir, 'devnet.json');
  const devnet = await startDevnet({ seed: SEED, history: { durationSec: HISTORY_SEC }, live: false, manifestPath, logger: pino({ level: 'silent' }) });
  return { devnet, dir, manifestText: await readFile(manifestPath, 'utf8'), labelsText: await readFile(join(dir, 'labels.jsonl'), 'utf8') };
}

// What may differ between runs: when and where the nodes listen.
function comparable(manifest: DevnetManifest) {
  return { ...manifest, createdAt: undefined, chains: manifest.chains.map((chain) => ({ ...chain, rpcUrl: undefined, wsUrl: undefined })) };
}

describe('startDevnet() with a fast-forwarded history', () => {
  let a: Run;
  let b: Run;
  let startedAtSec: number;

  beforeAll(async () => {
    startedAtSec = Math.floor(Date.now() / 1000);
    [a, b] = await Promise.all([run(), run()]);
  });
  afterAll(async () => {
    for (const r of [a, b]) {
      await r?.devnet.stop();
      if (r) await rm(r.dir, { recursive: true, force: true });
    }
  });

  it('gives the same manifest and a byte-identical labels file for the same seed', () => {
    expect(comparable(JSON.parse(b.manifestText) as DevnetManifest)).toEqual(comparable(JSON.parse(a.manifestText) as DevnetManifest));
    expect(a.labelsText.length).toBeGreaterThan(1000);
    expect(b.labelsText).toBe(a.labelsText);
  });

  it('writes labels chain by chain; the default crash brings liquidations to both chains', () => {
    const labels = a.labelsText.trim().split('\n').map((line) => JSON.parse(line) as Label);
    const chainOrder = labels.map((label) => label.chainId).filter((id, i, ids) => i === 0 || ids[i - 1] !== id);
    expect(chainOrder).toEqual([1, 42161]);
    for (const chainId of [1, 42161]) {
      const kinds = new Set(labels.filter((label) => label.chainId === chainId).map((label) => label.kind));
      for (const kind of ['arbitrage', 'liquidation'] as const) expect(kinds, `${kind} on ${chainId}`).toContain(kind);
    }
    // LP migrations are rarer (about one per 40 blocks per chain): 200 blocks over two chains show some.
    expect(labels.some((label) => label.kind === 'lp_migration')).toBe(true);
  });

  it('spaces history blocks 12 s apart and ends near the wall clock', async () => {
    for (const chain of a.devnet.manifest.chains) {
      const client = createPublicClient({ transport: http(chain.rpcUrl) });
      const head = await client.getBlock({ blockTag: 'latest' });
      const before = await client.getBlock({ blockNumber: head.number - 1n });
      expect(head.timestamp - before.timestamp).toBe(12n);
      expect(Math.abs(Number(head.timestamp) - startedAtSec)).toBeLessThan(60);
      const first = await client.getBlock({ blockNumber: head.number - BigInt(HISTORY_SEC / 12) + 1n });
      expect(Number(head.timestamp - first.timestamp)).toBe(HISTORY_SEC - 12);
    }
  });

  it('lists every price feed used during the history, as AssetSourceUpdated announced them', async () => {
    for (const chain of a.devnet.manifest.chains) {
      const client = createPublicClient({ transport: http(chain.rpcUrl) });
      const event = getAbiItem({ abi: aaveV3OracleAbi, name: 'AssetSourceUpdated' });
      const announced = await client.getLogs({ address: chain.contracts['AaveOracle'], event, fromBlock: 0n, strict: true });
      const listed = new Set(chain.priceFeeds.map((feed) => `${feed.asset}:${feed.aggregator}`));
      expect(announced.length).toBeGreaterThan(chain.markets.length);
      for (const log of announced) expect(listed).toContain(`${log.args.asset}:${log.args.source}`);
      expect(parseChainsFile(a.manifestText, 'devnet manifest').find((c) => c.chainId === chain.chainId)?.sources.priceFeeds).toHaveLength(listed.size);
    }
  });
});
