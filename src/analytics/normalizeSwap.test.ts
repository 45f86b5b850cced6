import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { NegativeAmountError } from './errors.js';
import { normalizeSwap, type V2SwapEventLike, type V3SwapEventLike } from './normalizeSwap.js';

// Real decoded Uniswap V2/V3 Swap events and the in/out that mev-inspect-js's own tests expect for them.
interface Case {
  calls: { fn: string; args: [{ address: string; assets: [string, string] }, { blockNumber: number; logIndex: number; values: Record<string, string> }] }[];
  expects: { expected: { assetIn: { address: string }; amountIn: string; assetOut: { address: string }; amountOut: string } }[];
}
const load = (file: string): Case[] =>
  (JSON.parse(readFileSync(new URL(`../../../shared/data/mainnet/mev-inspect-js/${file}`, import.meta.url), 'utf8')) as { tests: Case[] }).tests;
const realCases = (file: string, kind: 'uniswapV2Swap' | 'uniswapV3Swap') =>
  load(file).flatMap((test) =>
    test.calls.flatMap((call, index) => {
      const expected = test.expects[index]?.expected;
      if (!call.fn.endsWith('swap.parse') || !expected) return [];
      const [pool, log] = call.args;
      const values = Object.fromEntries(Object.entries(log.values).map(([k, v]) => [k, /^amount/.test(k) ? BigInt(v) : v]));
      const event = { kind, chainId: 1, address: pool.address, blockNumber: log.blockNumber, logIndex: log.logIndex, ...values } as V2SwapEventLike | V3SwapEventLike;
      return [{ event, assets: pool.assets, expected }];
    }),
  );

describe('normalizeSwap()', () => {
  it.each([
    ['V2', realCases('classifier_uniswapV2.json', 'uniswapV2Swap')],
    ['V3', realCases('classifier_uniswapV3.json', 'uniswapV3Swap')],
  ])('reproduces mev-inspect-js\'s asset and amount in/out for every real %s swap', (_kind, cases) => {
    expect(cases.length).toBeGreaterThanOrEqual(10);
    for (const { event, assets, expected } of cases) {
      const swap = normalizeSwap(event);
      const ins = [swap.amount0In, swap.amount1In];
      const outs = [swap.amount0Out, swap.amount1Out];
      const inIndex = ins.findIndex((amount) => amount > 0n);
      const outIndex = outs.findIndex((amount) => amount > 0n);
      expect(assets[inIndex]).toBe(expected.assetIn.address);
      expect(ins[inIndex]).toBe(BigInt(expected.amountIn));
      expect(assets[outIndex]).toBe(expected.assetOut.address);
      expect(outs[outIndex]).toBe(BigInt(expected.amountOut));
      expect(swap.pool).toBe(event.address.toLowerCase());
    }
  });

  it.each([
    [{ amount0: 5n, amount1: -7n }, { amount0In: 5n, amount1In: 0n, amount0Out: 0n, amount1Out: 7n }],
    [{ amount0: -5n, amount1: 7n }, { amount0In: 0n, amount1In: 7n, amount0Out: 5n, amount1Out: 0n }],
    [{ amount0: 0n, amount1: 0n }, { amount0In: 0n, amount1In: 0n, amount0Out: 0n, amount1Out: 0n }],
  ])('splits V3 deltas %o by sign', (amounts, expected) => {
    const event: V3SwapEventLike = { kind: 'uniswapV3Swap', chainId: 1, address: '0xPOOL', blockNumber: 1, logIndex: 0, ...amounts };
    expect(normalizeSwap(event)).toEqual({ chainId: 1, pool: '0xpool', blockNumber: 1, logIndex: 0, ...expected });
  });

  it('rejects a negative V2 amount', () => {
    const event: V2SwapEventLike = { kind: 'uniswapV2Swap', chainId: 1, address: '0xp', blockNumber: 1, logIndex: 0, amount0In: -1n, amount1In: 0n, amount0Out: 0n, amount1Out: 1n };
    expect(() => normalizeSwap(event)).toThrow(NegativeAmountError);
  });
});
