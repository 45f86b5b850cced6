import { parseEventLogs, type Hash } from 'viem';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uniswapV2PairAbi } from '../../abis.js';
import type { Label } from '../types.js';
import { createSandwichBot } from './sandwichBot.js';
import { startTestHarness, type TestHarness } from './testHarness.js';
import { createHarnessVictim } from './testHarnessAgents.js';

const SEED = 11;
// Ticks 0, 1, 3, 4 carry a $300k victim on WETH/USDC (2% slippage); ticks 2 and 5 a $500 one, not worth it.
const SIZES_USD = [300_000, 300_000, 500];
const TICKS = 6;

describe('createSandwichBot() on anvil', () => {
  let harness: TestHarness;

  beforeAll(async () => {
    harness = await startTestHarness({
      seed: SEED,
      agents: [createHarnessVictim({ seed: SEED, chainId: 1, sizesUsd: SIZES_USD }), createSandwichBot({ seed: SEED, chainId: 1 })],
    });
    await harness.run(TICKS);
  });
  afterAll(() => harness?.stop());

  const receiptsOf = (label: Label) =>
    Promise.all(label.txHashes.map((hash: Hash) => harness.world.clients.publicClient.getTransactionReceipt({ hash })));

  it('sandwiches every large victim and leaves the small ones alone', () => {
    expect(harness.rejected).toEqual([]);
    expect(harness.labels.map((label) => label.kind)).toEqual(['sandwich', 'sandwich', 'sandwich', 'sandwich']);
    const blocks = harness.labels.map((label) => label.block - harness.deployment.deployedAtBlock);
    expect(new Set(blocks).size).toBe(4);
  });

  it('mines front-run, victim and back-run in one block, in that order, all on the labelled pair', async () => {
    const { publicClient } = harness.world.clients;
    for (const label of harness.labels) {
      const receipts = await receiptsOf(label);
      expect(receipts.map((receipt) => receipt.status)).toEqual(['success', 'success', 'success']);
      expect(receipts.map((receipt) => Number(receipt.blockNumber))).toEqual([label.block, label.block, label.block]);
      const [front, victim, back] = receipts.map((receipt) => receipt.transactionIndex);
      expect(front).toBeLessThan(victim!);
      expect(victim).toBeLessThan(back!);
      expect(receipts.map((receipt) => receipt.from.toLowerCase())).toEqual([label.actors[0], label.actors[1], label.actors[0]]);
      const swaps = receipts.map((receipt) => parseEventLogs({ abi: uniswapV2PairAbi, eventName: 'Swap', logs: receipt.logs }));
      for (const logs of swaps) expect(logs.map((log) => log.address.toLowerCase())).toEqual(label.targets);
      const block = await publicClient.getBlock({ blockNumber: BigInt(label.block) });
      expect(block.transactions.indexOf(label.txHashes[1]!)).toBe(victim);
    }
  });

  it('front-runs in the victim\'s direction and sells back at a profit', async () => {
    for (const label of harness.labels) {
      const receipts = await receiptsOf(label);
      const [front, victim, back] = receipts.map(
        (receipt) => parseEventLogs({ abi: uniswapV2PairAbi, eventName: 'Swap', logs: receipt.logs })[0]!.args,
      );
      const sells0 = (swap: typeof front) => swap!.amount0In > 0n;
      expect(sells0(front)).toBe(sells0(victim));
      expect(sells0(back)).toBe(!sells0(victim));
      const frontIn = front!.amount0In + front!.amount1In;
      const backOut = back!.amount0Out + back!.amount1Out;
      expect(backOut).toBeGreaterThan(frontIn);
      expect((backOut - frontIn).toString()).toBe(label.amounts.expectedProfitRaw);
    }
  });
});
