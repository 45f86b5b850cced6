import { describe, expect, it } from 'vitest';
import { InvalidPoolError, NegativeAmountError } from './errors.js';
import { getPoolEdges } from './getPoolEdges.js';
import { parseUnits } from './parseUnits.js';
import type { V2PoolState, V3PoolState } from './types.js';

const common = { chainId: 1, address: '0xpool', token0: '0xusdc', token1: '0xweth', blockNumber: 7 };
const v2: V2PoolState = { ...common, kind: 'v2', reserve0: parseUnits('2000000', 6), reserve1: parseUnits('1000', 18) };
// sqrtPriceX96 of 2000 USDC per WETH (token0 = USDC, 6 decimals; token1 = WETH, 18): sqrt(1e12 / 2000) * 2^96.
const v3: V3PoolState = { ...common, kind: 'v3', sqrtPriceX96: 1771595571142957102961017161607260n, liquidity: 10n ** 18n };

describe('getPoolEdges()', () => {
  it('gives both directions of a V2 pool with its reserves as depth', () => {
    expect(getPoolEdges(v2, 6, 18)).toEqual([
      { chainId: 1, pool: '0xpool', base: '0xusdc', quote: '0xweth', price: 0.0005, quoteDepth: 1000, blockNumber: 7 },
      { chainId: 1, pool: '0xpool', base: '0xweth', quote: '0xusdc', price: 2000, quoteDepth: 2_000_000, blockNumber: 7 },
    ]);
  });

  it('uses V3 virtual reserves as depth, capped by the pool\'s balances', () => {
    const [toWeth, toUsdc] = getPoolEdges(v3, 6, 18);
    expect(toUsdc?.price).toBeCloseTo(2000, 6);
    // With p = 5e8 raw WETH per raw USDC and L = 1e18: x = L / sqrt(p) = 44,721,359.55 USDC, y = L * sqrt(p) = 22,360.68 WETH.
    expect(toUsdc?.quoteDepth).toBeCloseTo(44_721_359.549995, 5);
    expect(toWeth?.quoteDepth).toBeCloseTo(22_360.679774997898, 9);
    const capped = getPoolEdges({ ...v3, balance0: parseUnits('1000', 6) }, 6, 18);
    expect(capped[1]?.quoteDepth).toBe(1000);
  });

  it('has no edges for an empty pool', () => {
    expect(getPoolEdges({ ...v2, reserve1: 0n }, 6, 18)).toEqual([]);
    expect(getPoolEdges({ ...v3, sqrtPriceX96: 0n }, 6, 18)).toEqual([]);
  });

  it.each([
    ['the same token twice', { ...v2, token1: '0xusdc' }, InvalidPoolError],
    ['a negative reserve', { ...v2, reserve0: -5n }, NegativeAmountError],
    ['a negative V3 balance', { ...v3, balance1: -5n }, NegativeAmountError],
    ['negative liquidity', { ...v3, liquidity: -5n }, NegativeAmountError],
  ])('rejects %s', (_name, pool, error) => {
    expect(() => getPoolEdges(pool, 6, 18)).toThrow(error);
  });
});
