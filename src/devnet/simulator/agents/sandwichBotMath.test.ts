import { parseEther } from 'viem';
import { describe, expect, it } from 'vitest';
import { getAmountOut } from '../../activity/v2Math.js';
import { getAmountIn, minusBps, plusBps } from './adversarialSwaps.js';
import { planSandwich } from './sandwichBotMath.js';

const reserves = { reserveIn: parseEther('1000'), reserveOut: parseEther('3000000') };
const budget = parseEther('100000');

describe('planSandwich()', () => {
  it('front-runs an exact-input victim as far as its minimum output allows, at a profit', () => {
    const amountIn = parseEther('50');
    const amountOutMin = minusBps(getAmountOut(amountIn, reserves.reserveIn, reserves.reserveOut), 200);
    const plan = planSandwich(reserves, { kind: 'exactIn', amountIn, amountOutMin }, budget)!;
    expect(plan.victimAmountOut).toBeGreaterThanOrEqual(amountOutMin);
    expect(plan.profit).toBeGreaterThan(0n);
    expect(plan.profit).toBe(plan.backAmountOut - plan.frontAmountIn);
  });

  it('respects an exact-output victim\'s maximum input', () => {
    const amountOut = parseEther('150000');
    const amountInMax = plusBps(getAmountIn(amountOut, reserves.reserveIn, reserves.reserveOut), 300);
    const plan = planSandwich(reserves, { kind: 'exactOut', amountOut, amountInMax }, budget)!;
    expect(plan.victimAmountIn).toBeLessThanOrEqual(amountInMax);
    expect(plan.profit).toBeGreaterThan(0n);
  });

  it.each([
    { name: 'a victim with no slippage room', slippageBps: 0, amountIn: parseEther('50') },
    { name: 'a victim too small to pay two pool fees', slippageBps: 50, amountIn: parseEther('0.5') },
  ])('finds nothing worth doing around $name', ({ slippageBps, amountIn }) => {
    const amountOutMin = minusBps(getAmountOut(amountIn, reserves.reserveIn, reserves.reserveOut), slippageBps);
    expect(planSandwich(reserves, { kind: 'exactIn', amountIn, amountOutMin }, budget)).toBeUndefined();
  });

  it('never spends more than the bot holds', () => {
    const amountIn = parseEther('50');
    const amountOutMin = minusBps(getAmountOut(amountIn, reserves.reserveIn, reserves.reserveOut), 500);
    const plan = planSandwich(reserves, { kind: 'exactIn', amountIn, amountOutMin }, parseEther('3'))!;
    expect(plan.frontAmountIn).toBeLessThanOrEqual(parseEther('3'));
  });
});
