import { describe, expect, it } from 'vitest';
import {
  getFullRangeTicks,
  getTickRangeAround,
  getTickSpacing,
  getV3PoolAddress,
  MAX_SQRT_RATIO,
  MIN_SQRT_RATIO,
  nearestUsableTick,
  priceToSqrtPriceX96,
  sortTokens,
  sqrtBigInt,
  sqrtPriceX96ToPrice,
} from './uniswapV3Math.js';

const Q96 = 2n ** 96n;
const MAINNET_FACTORY = '0x1F98431c8aD98523631AE4a59f267346ea31F984';
const USDC = '0xA0b86991c6218b36c1d19D4a2e9Eb0cE3606eB48';
const WETH = '0xC02aaA39b223FE8D0A0e5C4F27eAD9083C756Cc2';

describe('priceToSqrtPriceX96()', () => {
  it.each([
    { price: 1, decimals0: 18, decimals1: 18, expected: Q96 },
    { price: 4, decimals0: 18, decimals1: 18, expected: 2n * Q96 },
    { price: 0.25, decimals0: 18, decimals1: 18, expected: Q96 / 2n },
    { price: 1, decimals0: 6, decimals1: 18, expected: 10n ** 6n * Q96 },
    { price: 1, decimals0: 18, decimals1: 6, expected: Q96 / 10n ** 6n },
    { price: 100, decimals0: 6, decimals1: 6, expected: 10n * Q96 },
  ])('is exact for price $price with decimals $decimals0/$decimals1', ({ price, decimals0, decimals1, expected }) => {
    expect(priceToSqrtPriceX96(price, decimals0, decimals1)).toBe(expected);
  });

  it.each([
    { price: 3000, decimals0: 18, decimals1: 6 },
    { price: 1 / 3000, decimals0: 6, decimals1: 18 },
    { price: 1.2345e-7, decimals0: 8, decimals1: 18 },
    { price: 65_000.5, decimals0: 8, decimals1: 6 },
  ])('round-trips price $price through sqrtPriceX96ToPrice()', ({ price, decimals0, decimals1 }) => {
    const back = sqrtPriceX96ToPrice(priceToSqrtPriceX96(price, decimals0, decimals1), decimals0, decimals1);
    expect(Math.abs(back / price - 1)).toBeLessThan(1e-12);
  });

  it('gives the mainnet-like USDC/WETH value at 2000 USD/ETH (USDC is token0)', () => {
    // raw price = 1e12 / 2000 = 5e8 wei per micro-USDC; sqrt = 22360.679...
    const sqrtPriceX96 = priceToSqrtPriceX96(1 / 2000, 6, 18);
    expect(Number(sqrtPriceX96) / Number(Q96)).toBeCloseTo(Math.sqrt(5e8), 6);
  });

  it.each([0, -1, Number.NaN, Number.POSITIVE_INFINITY])('throws for price %s', (price) => {
    expect(() => priceToSqrtPriceX96(price, 18, 18)).toThrow('Price must be a positive finite number');
  });

  it('throws when the price is outside the pool range', () => {
    expect(() => priceToSqrtPriceX96(1e40, 18, 18)).toThrow('outside the Uniswap V3 range');
    expect(() => priceToSqrtPriceX96(1e-40, 18, 18)).toThrow('outside the Uniswap V3 range');
  });

  it('throws for fractional decimals', () => {
    expect(() => priceToSqrtPriceX96(1, 6.5, 18)).toThrow('decimals');
  });

  it('accepts the extreme in-range prices', () => {
    expect(priceToSqrtPriceX96(1e-38, 18, 18)).toBeGreaterThanOrEqual(MIN_SQRT_RATIO);
    expect(priceToSqrtPriceX96(1e38, 18, 18)).toBeLessThan(MAX_SQRT_RATIO);
  });
});

describe('sqrtBigInt()', () => {
  it.each([
    [0n, 0n],
    [1n, 1n],
    [3n, 1n],
    [4n, 2n],
    [99n, 9n],
    [2n ** 192n, 2n ** 96n],
    [2n ** 192n - 1n, 2n ** 96n - 1n],
  ])('sqrtBigInt(%s) is %s', (value, expected) => {
    expect(sqrtBigInt(value)).toBe(expected);
  });
});

describe('tick helpers', () => {
  it.each([
    [500, 10, -887270, 887270],
    [3000, 60, -887220, 887220],
    [10000, 200, -887200, 887200],
  ])('fee %i has spacing %i and full range [%i, %i]', (fee, spacing, lower, upper) => {
    expect(getTickSpacing(fee)).toBe(spacing);
    expect(getFullRangeTicks(fee)).toEqual({ tickLower: lower, tickUpper: upper });
  });

  it('getTickSpacing() throws for an unknown fee tier', () => {
    expect(() => getTickSpacing(100)).toThrow('Unknown Uniswap V3 fee tier 100');
  });

  it.each([
    [0, 60, 0],
    [29, 60, 0],
    [31, 60, 60],
    [-31, 60, -60],
    [-887272, 60, -887220],
    [887272, 200, 887200],
  ])('nearestUsableTick(%i, %i) is %i', (tick, spacing, expected) => {
    expect(nearestUsableTick(tick, spacing)).toBe(expected);
  });

  it('getTickRangeAround() brackets the current tick on spacing multiples', () => {
    expect(getTickRangeAround(-196_257, 500, 5)).toEqual({ tickLower: -196_310, tickUpper: -196_210 });
    expect(getTickRangeAround(887_000, 3000, 5)).toEqual({ tickLower: 886_680, tickUpper: 887_220 });
  });
});

describe('pool addressing', () => {
  it('sortTokens() puts the lower address first and rejects identical tokens', () => {
    expect(sortTokens(WETH, USDC)).toEqual([USDC, WETH]);
    expect(sortTokens(USDC, WETH)).toEqual([USDC, WETH]);
    expect(() => sortTokens(USDC, USDC)).toThrow('two different tokens');
  });

  it.each([
    [500, '0x88e6A0c2dDD26FEEb64F039a2c41296FcB3f5640'],
    [3000, '0x8ad599c3A0ff1De082011EFDDc58f1908eb6e6D8'],
  ])('getV3PoolAddress() reproduces the mainnet USDC/WETH %i pool', (fee, expected) => {
    expect(getV3PoolAddress({ factory: MAINNET_FACTORY, tokenA: WETH, tokenB: USDC, fee })).toBe(expected);
  });
});
