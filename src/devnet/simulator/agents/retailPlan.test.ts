import { describe, expect, it } from 'vitest';
import { createRandom } from '../../utils/random.js';
import { planRetailTick, type PlanRetailTickParameters } from './retailPlan.js';

const params: PlanRetailTickParameters = { traderCount: 16, tokenCount: 8, pairCount: 8, v3PoolCount: 10, txPerBlock: { min: 2, max: 6 } };

function planBlocks(seed: number, blocks: number) {
  const random = createRandom(seed);
  return Array.from({ length: blocks }, () => planRetailTick(random, params));
}

describe('planRetailTick()', () => {
  it('plans the same actions for the same seed', () => {
    expect(planBlocks(7, 50)).toEqual(planBlocks(7, 50));
    expect(planBlocks(7, 5)).not.toEqual(planBlocks(8, 5));
  });

  it('uses each trader at most once per block, within the tx range', () => {
    for (const intents of planBlocks(3, 200)) {
      expect(intents.length).toBeGreaterThanOrEqual(2);
      expect(intents.length).toBeLessThanOrEqual(6);
      expect(new Set(intents.map((intent) => intent.trader)).size).toBe(intents.length);
    }
  });

  it('never transfers to the sender and keeps indexes in range', () => {
    for (const intent of planBlocks(11, 300).flat()) {
      expect(intent.trader).toBeLessThan(params.traderCount);
      if (intent.kind === 'transfer') {
        expect(intent.recipient).not.toBe(intent.trader);
        expect(intent.recipient).toBeLessThan(params.traderCount);
        expect(intent.token).toBeLessThan(params.tokenCount);
      }
      if (intent.kind === 'swap') expect(intent.pair).toBeLessThan(params.pairCount);
      if (intent.kind === 'swapV3') expect(intent.pool).toBeLessThan(params.v3PoolCount!);
    }
  });

  it('plans no V3 swaps without V3 pools', () => {
    const random = createRandom(4);
    const kinds = Array.from({ length: 200 }, () => planRetailTick(random, { ...params, v3PoolCount: 0 })).flat().map((intent) => intent.kind);
    expect(kinds).not.toContain('swapV3');
  });

  it('is mostly swaps, then transfers, with occasional wraps', () => {
    const kinds = planBlocks(5, 500).flat().map((intent) => intent.kind);
    const share = (kind: string) => kinds.filter((k) => k === kind).length / kinds.length;
    expect(share('swap') + share('swapV3')).toBeGreaterThan(0.5);
    expect(share('swapV3')).toBeGreaterThan(0.15);
    expect(share('transfer')).toBeGreaterThan(0.2);
    expect(share('wrap') + share('unwrap')).toBeGreaterThan(0.05);
  });
});
