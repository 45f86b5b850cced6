import { parseEventLogs, type Address } from 'viem';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { erc20Abi, uniswapV2PairAbi } from '../../abis.js';
import { createPumpAndDump } from './pumpAndDump.js';
import { startTestHarness, type TestHarness } from './testHarness.js';

const SEED = 3;
const TICKS = 22;

describe('createPumpAndDump() on anvil', () => {
  let harness: TestHarness;
  const agent = createPumpAndDump({ seed: SEED, chainId: 1 });

  beforeAll(async () => {
    harness = await startTestHarness({ seed: SEED, agents: [agent] });
    await harness.run(TICKS);
  });
  afterAll(() => harness?.stop());

  const client = () => harness.world.clients.publicClient;
  // WETH per MEME (both 18 decimals) at the end of `blockNumber`.
  async function memePriceAt(pair: Address, blockNumber: bigint): Promise<number> {
    const [reserve0, reserve1] = await client().readContract({ address: pair, abi: uniswapV2PairAbi, functionName: 'getReserves', blockNumber });
    const memeIsToken0 = harness.deployment.uniswapV2.pairs.find((candidate) => candidate.address.toLowerCase() === pair.toLowerCase())!.symbol0 === 'MEME';
    return memeIsToken0 ? Number(reserve1) / Number(reserve0) : Number(reserve0) / Number(reserve1);
  }

  it('runs campaigns: each pump label is followed by its dump label', () => {
    expect(harness.rejected).toEqual([]);
    const kinds = harness.labels.map((label) => label.kind);
    expect(kinds.length).toBeGreaterThanOrEqual(4);
    kinds.forEach((kind, index) => expect(kind).toBe(index % 2 === 0 ? 'pump' : 'dump'));
  });

  it('pumps with coordinated buys over several blocks, raising the MEME price before the dump', async () => {
    const group = agent.wallets.map((wallet) => wallet.address.toLowerCase());
    for (let index = 0; index + 1 < harness.labels.length; index += 2) {
      const [pump, dump] = [harness.labels[index]!, harness.labels[index + 1]!];
      expect(pump.block).toBeLessThan(dump.block);
      const pair = pump.targets[0] as Address;
      const receipts = await Promise.all(pump.txHashes.map((hash) => client().getTransactionReceipt({ hash })));
      const blocks = new Set(receipts.map((receipt) => receipt.blockNumber));
      expect(blocks.size).toBeGreaterThanOrEqual(2);
      for (const receipt of receipts) {
        expect(group).toContain(receipt.from.toLowerCase());
        const [swap] = parseEventLogs({ abi: uniswapV2PairAbi, eventName: 'Swap', logs: receipt.logs });
        expect(swap!.address.toLowerCase()).toBe(pair);
      }
      const firstBuyBlock = receipts.reduce((min, receipt) => (receipt.blockNumber < min ? receipt.blockNumber : min), receipts[0]!.blockNumber);
      const before = await memePriceAt(pair, firstBuyBlock - 1n);
      const beforeDump = await memePriceAt(pair, BigInt(dump.block) - 1n);
      const afterDump = await memePriceAt(pair, BigInt(dump.block));
      expect(beforeDump).toBeGreaterThan(before * 1.2);
      expect(afterDump).toBeLessThan(beforeDump);
      expect(dump.meta?.priceRisePct).toBeCloseTo((beforeDump / before - 1) * 100, 0);
    }
  });

  it('dumps everything the group holds in one block', async () => {
    const meme = harness.deployment.tokens.find((token) => token.symbol === 'MEME')!.address;
    for (const dump of harness.labels.filter((label) => label.kind === 'dump')) {
      const receipts = await Promise.all(dump.txHashes.map((hash) => client().getTransactionReceipt({ hash })));
      expect(new Set(receipts.map((receipt) => Number(receipt.blockNumber)))).toEqual(new Set([dump.block]));
      const balances = await Promise.all(
        agent.wallets.map((wallet) =>
          client().readContract({ address: meme, abi: erc20Abi, functionName: 'balanceOf', args: [wallet.address], blockNumber: BigInt(dump.block) }),
        ),
      );
      expect(balances.every((balance) => balance === 0n)).toBe(true);
    }
  });
});
