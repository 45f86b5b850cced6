import { describe, expect, it } from 'vitest';
import type { MarketPool, PoolState } from '../marketView.js';
import { applySwap, rawPrice, rawPriceToSqrtPriceX96, virtualPoolV2, virtualPoolV3 } from '../poolMath.js';
import { findRebalance, findTwoPoolArbitrage } from './arbitrageurPlan.js';

const token = (symbol: string, decimals: number) => ({ address: '0x0000000000000000000000000000000000000001' as const, symbol, name: symbol, decimals, referencePriceUsd: 1 });
const pool = (fee: number): MarketPool => ({ address: '0x0000000000000000000000000000000000000002', protocol: fee === 3000 ? 'uniswap-v2' : 'uniswap-v3', fee, token0: token('A', 18), token1: token('B', 18), pairKey: 'A/B' });
const v2 = (price: number): PoolState => ({ pool: pool(3000), virtual: virtualPoolV2(10n ** 24n, BigInt(Math.round(price * 1e6)) * 10n ** 18n) });
const v3 = (price: number, fee = 500): PoolState => ({ pool: pool(fee), virtual: virtualPoolV3(rawPriceToSqrtPriceX96(price), 10n ** 24n, fee) });

describe('findTwoPoolArbitrage()', () => {
  it('buys in the cheap pool and sells in the dear one, leaving both closer to the reference', () => {
    const cheap = v2(0.97);
    const dear = v3(1.03);
    const arb = findTwoPoolArbitrage([cheap, dear], 1, 0n)!;
    expect(arb.cheap).toBe(cheap);
    expect(arb.dear).toBe(dear);
    expect(arb.profit).toBeGreaterThan(0n);
    const cheapAfter = rawPrice(applySwap(cheap.virtual, false, arb.amountIn));
    const dearAfter = rawPrice(applySwap(dear.virtual, true, arb.baseAmount));
    expect(Math.abs(Math.log(cheapAfter))).toBeLessThan(Math.abs(Math.log(0.97)));
    expect(Math.abs(Math.log(dearAfter))).toBeLessThan(Math.abs(Math.log(1.03)));
    expect(cheapAfter).toBeLessThanOrEqual(1.000001);
    expect(dearAfter).toBeGreaterThanOrEqual(0.999999);
    // No profit is left at the margin: the cheap pool's buy price meets the dear pool's sell price, or the reference.
    expect(cheapAfter * 1.0005 >= dearAfter * 0.997 * 0.999 || cheapAfter > 0.9999 || dearAfter < 1.0001).toBe(true);
  });

  it('arbitrages a displaced pool against one inside its band without pushing either past the reference', () => {
    const displaced = v2(0.98);
    const calm = v3(1.0003);
    const arb = findTwoPoolArbitrage([displaced, calm], 1, 0n)!;
    expect(arb.cheap).toBe(displaced);
    const calmAfter = rawPrice(applySwap(calm.virtual, true, arb.baseAmount));
    expect(calmAfter).toBeGreaterThanOrEqual(0.999999);
    expect(calmAfter).toBeLessThan(1.0003);
  });

  it('finds nothing when the spread is below the fees or the pools are on the same side of the reference', () => {
    expect(findTwoPoolArbitrage([v2(0.999), v3(1.0004)], 1, 0n)).toBeUndefined();
    expect(findTwoPoolArbitrage([v2(0.95), v3(0.97)], 1, 0n)).toBeUndefined();
  });

  it('skips an opportunity below the minimum profit', () => {
    expect(findTwoPoolArbitrage([v2(0.99), v3(1.01)], 1, 10n ** 30n)).toBeUndefined();
  });
});

describe('findRebalance()', () => {
  it('trades a pool back to its band edge', () => {
    const state = v3(1.05, 3000);
    const rebalance = findRebalance(state, 1)!;
    expect(rebalance.zeroForOne).toBe(true);
    expect(rawPrice(applySwap(state.virtual, true, rebalance.amountIn)) / 1.003).toBeCloseTo(1, 6);
    expect(findRebalance(v3(1.001, 3000), 1)).toBeUndefined();
  });
});
