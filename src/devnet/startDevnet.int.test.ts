import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { createPublicClient, http, type Address } from 'viem';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isProcessRunning } from './utils/isProcessRunning.js';
import { parseChainsFile } from '../config/chainsFile.js';
import { countLiveChildren } from './anvil/childRegistry.js';
import { AnvilStartError, InvalidDevnetOptionsError } from './errors.js';
import { parseDevnetManifest, type DevnetManifestChain } from './manifest.js';
import { startDevnet, type Devnet } from './startDevnet.js';

const logger = pino({ level: 'silent' });

function addressesOf(chain: DevnetManifestChain): Address[] {
  return [
    ...Object.values(chain.contracts),
    ...chain.tokens.map((token) => token.address),
    ...chain.pools.flatMap((pool) => [pool.address, pool.token0, pool.token1]),
    ...chain.protocols.flatMap((protocol) => protocol.contracts),
    ...chain.priceFeeds.map((feed) => feed.aggregator),
  ];
}

describe('startDevnet()', () => {
  let devnet: Devnet;
  let dir: string;
  let manifestPath: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'devnet-'));
    manifestPath = join(dir, 'nested', 'dir', 'devnet.json');
    devnet = await startDevnet({ seed: 7, blockTimeMs: 100, manifestPath, logger });
  });
  afterAll(async () => {
    await devnet?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it('writes the manifest file, which the platform chains loader reads', async () => {
    const text = await readFile(manifestPath, 'utf8');
    const manifest = parseDevnetManifest(JSON.parse(text));
    expect(manifest).toEqual(devnet.manifest);
    expect(manifest).toMatchObject({ version: 1, seed: 7 });
    expect(manifest.chains.map(({ chainId, name }) => ({ chainId, name }))).toEqual([
      { chainId: 1, name: 'ethereum' },
      { chainId: 42161, name: 'arbitrum' },
    ]);
    expect(parseChainsFile(text, 'devnet manifest').map((chain) => chain.chainId)).toEqual([1, 42161]);
  });

  it('serves each chain at its manifest URLs with code at every address', async () => {
    for (const chain of devnet.manifest.chains) {
      const client = createPublicClient({ transport: http(chain.rpcUrl) });
      expect(await client.getChainId()).toBe(chain.chainId);
      expect(chain.tokens).toHaveLength(8);
      expect(chain.pools).toHaveLength(18);
      expect(chain.pools.filter((pool) => pool.protocol === 'uniswap-v3').every((pool) => pool.fee !== undefined)).toBe(true);
      for (const address of new Set(addressesOf(chain))) {
        expect((await client.getCode({ address }))?.length ?? 0, `${chain.name} ${address}`).toBeGreaterThan(2);
      }
    }
  });

  it('uses the same contract addresses on every chain', () => {
    const [ethereum, arbitrum] = devnet.manifest.chains;
    expect(addressesOf(arbitrum!)).toEqual(addressesOf(ethereum!));
  });

  it('keeps mining blocks with activity', async () => {
    const client = createPublicClient({ transport: http(devnet.manifest.chains[1]!.rpcUrl) });
    const start = await client.getBlockNumber({ cacheTime: 0 });
    const deadline = Date.now() + 10_000;
    while ((await client.getBlockNumber({ cacheTime: 0 })) < start + 3n && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
    expect(await client.getBlockNumber({ cacheTime: 0 })).toBeGreaterThanOrEqual(start + 3n);
  });

  it('gives the same manifest addresses for the same seed on another run', async () => {
    const again = await startDevnet({ seed: 7, chains: [{ chainId: 1, name: 'ethereum' }], activity: false, logger });
    try {
      expect(addressesOf(again.manifest.chains[0]!)).toEqual(addressesOf(devnet.manifest.chains[0]!));
    } finally {
      await again.stop();
    }
  });

  it('stop() leaves no anvil process behind, and is idempotent', async () => {
    const pids = devnet.chains.map((chain) => chain.anvil.pid);
    expect(pids.every(isProcessRunning)).toBe(true);
    await Promise.all([devnet.stop(), devnet.stop()]);
    expect(pids.some(isProcessRunning)).toBe(false);
    expect(countLiveChildren()).toBe(0);
  });
});

describe('startDevnet() failures', () => {
  it('rejects duplicate chain ids', async () => {
    const chains = [{ chainId: 5, name: 'a' }, { chainId: 5, name: 'b' }];
    await expect(startDevnet({ chains, logger })).rejects.toBeInstanceOf(InvalidDevnetOptionsError);
  });

  it('stops the chains that started when another fails', async () => {
    // 2^64 is not a valid anvil --chain-id: that node fails, the other one must not leak.
    const chains = [{ chainId: 1, name: 'ethereum' }, { chainId: 2 ** 64, name: 'broken' }];
    await expect(startDevnet({ chains, logger })).rejects.toBeInstanceOf(AnvilStartError);
    expect(countLiveChildren()).toBe(0);
  });
});
