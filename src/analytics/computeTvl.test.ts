import { describe, expect, it } from 'vitest';
import { computeTvl } from './computeTvl.js';
import { InvalidLendingReserveError, NegativeAmountError } from './errors.js';
import type { LendingReserveInput } from './getLendingReserveTvl.js';
import type { PoolTvlInput } from './getPoolTvl.js';
import { parseUnits } from './parseUnits.js';
import { priceTokens } from './priceTokens.js';
import { tokenKey } from './tokenKey.js';
import type { PriceMap } from './types.js';

const [USDC, WETH, TKN, UNKNOWN] = ['0xusdc', '0xweth', '0xtkn', '0xunknown'];
const prices: PriceMap = new Map([
  [tokenKey(1, USDC), { priceUsd: 1, confidence: 0.99 }],
  [tokenKey(1, WETH), { priceUsd: 2000, confidence: 0.98 }],
  [tokenKey(1, TKN), { priceUsd: 0.5, confidence: 0.3 }],
  [tokenKey(1, UNKNOWN), { priceUsd: null }],
  [tokenKey(42161, USDC), { priceUsd: 1 }],
  [tokenKey(42161, WETH), { priceUsd: 2000 }],
]);
const balance = (token: string, amount: string, decimals = 18) => ({ token, decimals, amountRaw: parseUnits(amount, decimals) });
const pool = (chainId: number, address: string, protocol: string, balances: PoolTvlInput['balances']): PoolTvlInput => ({ chainId, address, protocol, balances });

const pools: PoolTvlInput[] = [
  pool(1, '0xp1', 'uniswap-v2', [balance(USDC, '2000000', 6), balance(WETH, '1000')]), // 4M
  pool(1, '0xp2', 'uniswap-v2', [balance(TKN, '100000'), balance(WETH, '50')]), // 50k + 100k
  pool(1, '0xp3', 'uniswap-v3', [balance(UNKNOWN, '1000000'), balance(USDC, '30000', 6)]), // 30k, unknown flagged
  pool(42161, '0xp4', 'uniswap-v3', [balance(USDC, '500000', 6), balance(WETH, '250')]), // 1M
];
const reserve = (chainId: number, token: string, supplied: string, borrowed: string, decimals = 18): LendingReserveInput => ({
  chainId, protocol: 'aave-v3', market: '0xpool', token, decimals,
  suppliedRaw: parseUnits(supplied, decimals), borrowedRaw: parseUnits(borrowed, decimals),
});
const lendingReserves = [reserve(1, USDC, '10000000', '7500000', 6), reserve(1, WETH, '3000', '1000'), reserve(1, UNKNOWN, '5', '1')];

describe('computeTvl()', () => {
  const tvl = computeTvl({ pools, lendingReserves, prices });
  const protocol = (slug: string) => tvl.protocols.find((p) => p.protocol === slug);

  it('values each pool as its balances x prices', () => {
    expect(tvl.pools.map((p) => [p.address, p.tvlUsd])).toEqual([['0xp1', 4_000_000], ['0xp4', 1_000_000], ['0xp2', 150_000], ['0xp3', 30_000]]);
    expect(tvl.pools.find((p) => p.address === '0xp1')?.tokens[1]).toEqual({ token: WETH, amount: 1000, priceUsd: 2000, valueUsd: 2_000_000 });
  });

  it('makes a protocol\'s TVL the sum of its pools, across chains', () => {
    const uniswapV3 = pools.filter((p) => p.protocol === 'uniswap-v3').map((p) => tvl.pools.find((t) => t.address === p.address)?.tvlUsd ?? 0);
    expect(protocol('uniswap-v3')?.tvlUsd).toBe(uniswapV3.reduce((a, b) => a + b, 0));
    expect(protocol('uniswap-v2')).toMatchObject({ tvlUsd: 4_150_000, borrowedUsd: 0, chains: [{ chainId: 1, tvlUsd: 4_150_000, borrowedUsd: 0 }] });
    expect(protocol('uniswap-v3')?.chains).toEqual([{ chainId: 42161, tvlUsd: 1_000_000, borrowedUsd: 0 }, { chainId: 1, tvlUsd: 30_000, borrowedUsd: 0 }]);
  });

  it('counts lending as supplied minus borrowed and reports borrowed apart', () => {
    // USDC: 10M - 7.5M = 2.5M; WETH: (3000 - 1000) x 2000 = 4M; borrowed 7.5M + 2M.
    expect(protocol('aave-v3')).toMatchObject({ tvlUsd: 6_500_000, borrowedUsd: 9_500_000 });
    expect(tvl.lendingReserves.find((r) => r.token === WETH)).toMatchObject({ suppliedUsd: 6_000_000, borrowedUsd: 2_000_000, tvlUsd: 4_000_000 });
  });

  it('flags unpriced tokens without zeroing the pool or protocol', () => {
    expect(tvl.pools.find((p) => p.address === '0xp3')).toMatchObject({ tvlUsd: 30_000, unpricedTokens: [tokenKey(1, UNKNOWN)] });
    expect(protocol('uniswap-v3')?.unpricedTokens).toEqual([tokenKey(1, UNKNOWN)]);
    expect(protocol('aave-v3')?.unpricedTokens).toEqual([tokenKey(1, UNKNOWN)]);
    expect(protocol('uniswap-v2')?.unpricedTokens).toEqual([]);
    expect(tvl.unpricedTokens).toEqual([tokenKey(1, UNKNOWN)]);
  });

  it('sums chains from protocols and the total from chains, borrowed kept out', () => {
    expect(tvl.chains).toEqual([
      { chainId: 1, tvlUsd: 4_150_000 + 30_000 + 6_500_000, borrowedUsd: 9_500_000, protocols: 3, unpricedTokens: [tokenKey(1, UNKNOWN)] },
      { chainId: 42161, tvlUsd: 1_000_000, borrowedUsd: 0, protocols: 1, unpricedTokens: [] },
    ]);
    expect(tvl.totalTvlUsd).toBe(tvl.protocols.reduce((sum, p) => sum + p.tvlUsd, 0));
    expect(tvl.totalBorrowedUsd).toBe(9_500_000);
  });

  it('treats prices below minConfidence as missing', () => {
    const strict = computeTvl({ pools, prices, minConfidence: 0.5 });
    expect(strict.pools.find((p) => p.address === '0xp2')).toMatchObject({ tvlUsd: 100_000, unpricedTokens: [tokenKey(1, TKN)] });
  });

  it('takes priceTokens() output as its price map', () => {
    const tokens = [
      { chainId: 1, address: USDC, symbol: 'USDC', decimals: 6, isStable: true },
      { chainId: 1, address: WETH, symbol: 'WETH', decimals: 18, isWrappedNative: true },
      { chainId: 1, address: UNKNOWN, symbol: 'UNK', decimals: 18 },
    ];
    const state = { kind: 'v2' as const, chainId: 1, address: '0xp1', token0: USDC, token1: WETH, reserve0: parseUnits('2000000', 6), reserve1: parseUnits('1000', 18), blockNumber: 1 };
    const derived = priceTokens({ tokens, pools: [state], nowSec: 0 });
    const result = computeTvl({ pools: pools.slice(0, 1), prices: derived });
    expect(result.totalTvlUsd).toBe(4_000_000);
    expect(computeTvl({ pools: [pools[2] as PoolTvlInput], prices: derived }).unpricedTokens).toEqual([tokenKey(1, UNKNOWN)]);
  });

  it('is empty without holdings', () => {
    expect(computeTvl({ prices })).toEqual({ pools: [], lendingReserves: [], protocols: [], chains: [], totalTvlUsd: 0, totalBorrowedUsd: 0, unpricedTokens: [] });
  });

  it.each([
    ['a negative pool balance', { pools: [pool(1, '0xbad', 'x', [{ token: USDC, decimals: 6, amountRaw: -1n }])], prices }, NegativeAmountError],
    ['more borrowed than supplied', { lendingReserves: [reserve(1, USDC, '1', '2', 6)], prices }, InvalidLendingReserveError],
    ['a negative borrow', { lendingReserves: [{ ...reserve(1, USDC, '1', '0', 6), borrowedRaw: -1n }], prices }, NegativeAmountError],
  ])('rejects %s', (_name, input, error) => {
    expect(() => computeTvl(input)).toThrow(error);
  });
});
