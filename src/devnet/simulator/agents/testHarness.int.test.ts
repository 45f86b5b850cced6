import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEVNET_MNEMONIC } from '../../constants.js';
import { mnemonicToAccount } from 'viem/accounts';
import type { Agent } from '../types.js';
import { createPumpAndDump } from './pumpAndDump.js';
import { createSandwichBot } from './sandwichBot.js';
import { createSmartTrader } from './smartTrader.js';
import { createSybilCluster } from './sybilCluster.js';
import { startTestHarness, type TestHarness } from './testHarness.js';
import { createHarnessAligner, createHarnessVictim } from './testHarnessAgents.js';
import { createWashTrader } from './washTrader.js';

const TICKS = 24;

function adversaries(seed: number, chainId = 1): Agent[] {
  return [
    createSandwichBot({ seed, chainId }),
    createWashTrader({ seed, chainId }),
    createPumpAndDump({ seed, chainId }),
    createSmartTrader({ seed, chainId }),
    createSybilCluster({ seed, chainId }),
  ];
}

function mixedMarket(seed: number): Agent[] {
  // The aligner leaves WETH/DAI alone, so the victim's pool there has a single pending swap to sandwich.
  const alignerPairs = [['WETH', 'USDC'], ['WETH', 'USDT'], ['WBTC', 'WETH'], ['LINK', 'WETH'], ['UNI', 'WETH']] as const;
  return [
    createHarnessAligner({ seed, chainId: 1, pairs: alignerPairs }),
    createHarnessVictim({ seed, chainId: 1, pair: ['WETH', 'DAI'], sizesUsd: [250_000] }),
    ...adversaries(seed),
  ];
}

describe('adversarial agents: determinism', () => {
  it('derive the same wallets from the same seed on every chain, and wallets of their own', () => {
    const addresses = (agents: Agent[]) => agents.map((agent) => agent.wallets.map((wallet) => wallet.address));
    expect(addresses(adversaries(7))).toEqual(addresses(adversaries(7)));
    const all = addresses(adversaries(7)).flat();
    expect(new Set(all).size).toBe(all.length);
    expect(all).toHaveLength(1 + 4 + 5 + 1 + 21);
    expect(addresses(adversaries(7, 42161)).flat()).toEqual(all);
    const otherSeed = new Set(addresses(adversaries(8)).flat());
    expect(all.filter((address) => otherSeed.has(address))).toEqual([]);
    const mnemonic = Array.from({ length: 10 }, (_, index) => mnemonicToAccount(DEVNET_MNEMONIC, { addressIndex: index }).address);
    expect(all.filter((address) => mnemonic.includes(address))).toEqual([]);
  });

  describe('in one market with a victim and an aligner, run twice with seed 7', () => {
    let runs: TestHarness[] = [];

    beforeAll(async () => {
      runs = await Promise.all([startTestHarness({ seed: 7, agents: mixedMarket(7) }), startTestHarness({ seed: 7, agents: mixedMarket(7) })]);
      await Promise.all(runs.map((run) => run.run(TICKS)));
    });
    afterAll(() => Promise.all(runs.map((run) => run.stop())));

    it('produce every adversarial label kind', () => {
      const [first] = runs;
      // The smart trader's slippage guard may trip on a pool another agent moved first in the block: its label is
      // then dropped, as the orchestrator drops any reverted action. Nothing else may fail.
      expect(first!.rejected.filter((rejected) => rejected.label.kind !== 'smart_trader' || rejected.reason !== 'reverted')).toEqual([]);
      expect(first!.rejected.length * 10).toBeLessThan(first!.labels.length);
      expect(new Set(first!.labels.map((label) => label.kind))).toEqual(
        new Set(['sandwich', 'wash_trade', 'pump', 'dump', 'smart_trader', 'sybil_cluster']),
      );
    });

    it('produce the same labels: kinds, blocks, actors and transactions', () => {
      const [first, second] = runs;
      expect(second!.labels.map((label) => label.kind)).toEqual(first!.labels.map((label) => label.kind));
      expect(second!.labels).toEqual(first!.labels);
    });
  });
});
