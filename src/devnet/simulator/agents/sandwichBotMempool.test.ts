import { encodeFunctionData, maxUint256, parseGwei, type Address } from 'viem';
import { describe, expect, it } from 'vitest';
import { routerSwapAbi } from './adversarialSwaps.js';
import { decodeRouterSwap, effectiveTip, listPendingTxs, nextBaseFee, type MempoolTx } from './sandwichBotMempool.js';

const router: Address = '0x00000000000000000000000000000000000000aa';
const [tokenA, tokenB]: Address[] = ['0x00000000000000000000000000000000000000a1', '0x00000000000000000000000000000000000000b2'];
const tx = (input: `0x${string}`, value = 0n): MempoolTx => ({
  hash: `0x${'1'.repeat(64)}`,
  from: '0x00000000000000000000000000000000000000f0',
  to: router,
  nonce: 0,
  input,
  value,
  maxFeePerGas: parseGwei('3'),
  maxPriorityFeePerGas: parseGwei('2'),
});

describe('decodeRouterSwap()', () => {
  it('reads exact-input token and ETH swaps, and exact-output swaps', () => {
    const exactIn = encodeFunctionData({ abi: routerSwapAbi, functionName: 'swapExactTokensForTokens', args: [5n, 4n, [tokenA!, tokenB!], tokenA!, maxUint256] });
    const ethIn = encodeFunctionData({ abi: routerSwapAbi, functionName: 'swapExactETHForTokens', args: [4n, [tokenA!, tokenB!], tokenA!, maxUint256] });
    const exactOut = encodeFunctionData({ abi: routerSwapAbi, functionName: 'swapTokensForExactTokens', args: [7n, 9n, [tokenA!, tokenB!], tokenA!, maxUint256] });
    expect(decodeRouterSwap(tx(exactIn), router)?.limit).toEqual({ kind: 'exactIn', amountIn: 5n, amountOutMin: 4n });
    expect(decodeRouterSwap(tx(ethIn, 5n), router)?.limit).toEqual({ kind: 'exactIn', amountIn: 5n, amountOutMin: 4n });
    expect(decodeRouterSwap(tx(exactOut), router)?.limit).toEqual({ kind: 'exactOut', amountOut: 7n, amountInMax: 9n });
  });

  it('ignores other calls and other contracts', () => {
    expect(decodeRouterSwap(tx('0xa9059cbb'), router)).toBeUndefined();
    const exactIn = encodeFunctionData({ abi: routerSwapAbi, functionName: 'swapExactTokensForTokens', args: [5n, 4n, [tokenA!, tokenB!], tokenA!, maxUint256] });
    expect(decodeRouterSwap({ ...tx(exactIn), to: tokenA! }, router)).toBeUndefined();
  });
});

describe('listPendingTxs()', () => {
  it('parses RPC fields, legacy gas price included, sorted by sender and nonce', () => {
    const raw = (from: string, nonce: string, fees: Record<string, string>) => ({ hash: '0x01', from, to: router, nonce, input: '0x', value: '0x0', ...fees });
    const txs = listPendingTxs({
      pending: {
        '0xbb': { '1': raw('0xbb', '0x1', { gasPrice: '0x10' }), '0': raw('0xbb', '0x0', { gasPrice: '0x10' }) },
        '0xaa': { '0': raw('0xaa', '0x0', { maxFeePerGas: '0x20', maxPriorityFeePerGas: '0x5' }) },
      },
    });
    expect(txs.map((entry) => [entry.from, entry.nonce, entry.maxFeePerGas, entry.maxPriorityFeePerGas])).toEqual([
      ['0xaa', 0, 0x20n, 0x5n],
      ['0xbb', 0, 0x10n, 0x10n],
      ['0xbb', 1, 0x10n, 0x10n],
    ]);
  });
});

describe('fees', () => {
  it('effectiveTip() is capped by the max fee above the base fee', () => {
    expect(effectiveTip({ maxFeePerGas: 10n, maxPriorityFeePerGas: 3n }, 5n)).toBe(3n);
    expect(effectiveTip({ maxFeePerGas: 10n, maxPriorityFeePerGas: 8n }, 5n)).toBe(5n);
  });

  it.each([
    { gasUsed: 15_000_000n, expected: 1_000_000_000n },
    { gasUsed: 30_000_000n, expected: 1_125_000_000n },
    { gasUsed: 0n, expected: 875_000_000n },
  ])('nextBaseFee() follows EIP-1559 for $gasUsed gas used', ({ gasUsed, expected }) => {
    expect(nextBaseFee({ baseFeePerGas: 1_000_000_000n, gasUsed, gasLimit: 30_000_000n })).toBe(expected);
  });
});
