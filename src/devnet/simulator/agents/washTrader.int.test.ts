import { parseEventLogs, type Address } from 'viem';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { erc20Abi, uniswapV2PairAbi } from '../../abis.js';
import { startTestHarness, type TestHarness } from './testHarness.js';
import { createWashTrader } from './washTrader.js';

const SEED = 5;
const TICKS = 16;

describe('createWashTrader() on anvil', () => {
  let harness: TestHarness;
  const agent = createWashTrader({ seed: SEED, chainId: 1 });

  beforeAll(async () => {
    harness = await startTestHarness({ seed: SEED, agents: [agent] });
    await harness.run(TICKS);
  });
  afterAll(() => harness?.stop());

  const balancesAt = (token: Address, blockNumber: bigint) =>
    Promise.all(
      agent.wallets.map((wallet) =>
        harness.world.clients.publicClient.readContract({ address: token, abi: erc20Abi, functionName: 'balanceOf', args: [wallet.address], blockNumber }),
      ),
    );

  it('labels each round with the whole ring and mines the round in one block on the labelled pair', async () => {
    expect(harness.rejected).toEqual([]);
    expect(harness.labels.length).toBeGreaterThanOrEqual(3);
    const ring = agent.wallets.map((wallet) => wallet.address.toLowerCase());
    for (const label of harness.labels) {
      expect(label.kind).toBe('wash_trade');
      expect(label.actors).toEqual(ring);
      expect(label.meta?.ringSize).toBe(4);
      for (const hash of label.txHashes) {
        const receipt = await harness.world.clients.publicClient.getTransactionReceipt({ hash });
        expect(Number(receipt.blockNumber)).toBe(label.block);
        expect(ring).toContain(receipt.from.toLowerCase());
        const swaps = parseEventLogs({ abi: uniswapV2PairAbi, eventName: 'Swap', logs: receipt.logs });
        expect(swaps.map((log) => log.address.toLowerCase())).toEqual([label.targets[0]]);
      }
    }
  });

  it('leaves the ring with a near-zero net position after the window', async () => {
    const token = harness.labels[0]!.targets[1] as Address;
    const weth = harness.deployment.weth;
    const before = BigInt(harness.labels[0]!.block - 1);
    const after = BigInt(harness.labels[harness.labels.length - 1]!.block);
    const [tokenStart, tokenEnd, wethStart, wethEnd] = await Promise.all([
      balancesAt(token, before),
      balancesAt(token, after),
      balancesAt(weth, before),
      balancesAt(weth, after),
    ]);
    const tokenNet = tokenEnd.map((balance, index) => balance - tokenStart[index]!);
    const wethNet = wethEnd.map((balance, index) => balance - wethStart[index]!);
    const sum = (values: bigint[]) => values.reduce((total, value) => total + value, 0n);
    const abs = (value: bigint) => (value < 0n ? -value : value);
    const tokenVolume = sum(harness.labels.map((label) => BigInt(label.amounts.tokenVolumeRaw!)));
    const wethVolume = sum(harness.labels.map((label) => BigInt(label.amounts.wethVolumeRaw!)));
    const largestLeg = harness.labels.reduce((max, label) => (BigInt(label.amounts.legAmountRaw!) > max ? BigInt(label.amounts.legAmountRaw!) : max), 0n);
    expect(sum(tokenNet)).toBe(0n);
    for (const net of tokenNet) expect(abs(net)).toBeLessThanOrEqual(largestLeg * 2n);
    expect(tokenVolume).toBeGreaterThan(largestLeg * 8n);
    // The ring only pays the pool's 0.3% fee and the spread: well under 1% of what it traded.
    expect(abs(sum(wethNet)) * 100n).toBeLessThan(wethVolume);
  });
});
