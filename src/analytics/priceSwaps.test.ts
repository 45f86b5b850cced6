import { describe, expect, it } from 'vitest';
import { InvalidNumberError, InvalidPoolError, UnorderedSeriesError } from './errors.js';
import { priceSwaps, type SwapInput, type SwapPoolInput } from './priceSwaps.js';
import { tokenKey } from './tokenKey.js';

const USDC = '0xa0b86991c6218b36c1d19d4a2e9eb0ce3606eb48';
const WETH = '0xc02aaa39b223fe8d0a0e5c4f27ead9083c756cc2';
const WBTC = '0x2260fac5e5542a773aa44fbcfedf7c193bc2c599';
const usdc = { address: USDC, decimals: 6 };
const weth = { address: WETH, decimals: 18 };
const wbtc = { address: WBTC, decimals: 8 };
const pools: SwapPoolInput[] = [
  { chainId: 1, address: '0x88e6a0c2ddd26feeb64f039a2c41296fcb3f5640', protocol: 'uniswap-v3', token0: usdc, token1: weth, feePips: 500 },
  { chainId: 1, address: '0xcbcdf9626bc03e24f779434178a73a0b4bad62ed', protocol: 'uniswap-v3', token0: wbtc, token1: weth, feePips: 3000 },
  { chainId: 1, address: '0x99ac8ca7087fa4a2a1fb6357269965a2014abc35', protocol: 'uniswap-v3', token0: wbtc, token1: usdc, feePips: 3000 },
];
const swap = (pool: string, blockNumber: number, [amount0In, amount1In, amount0Out, amount1Out]: bigint[]): SwapInput => ({
  chainId: 1, pool, blockNumber, logIndex: 0, timestampSec: 1_652_400_000, amount0In: amount0In ?? 0n, amount1In: amount1In ?? 0n, amount0Out: amount0Out ?? 0n, amount1Out: amount1Out ?? 0n,
});
// The real split swap of block 14756200 (mev-inspect-js): WETH -> USDC directly, and WETH -> WBTC -> USDC.
const splitSwap = [
  swap(pools[0]?.address ?? '', 14756200, [0n, 305846153846153863077n, 655542493837n, 0n]),
  swap(pools[1]?.address ?? '', 14756200, [0n, 76461538461538460768n, 555672359n, 0n]),
  swap(pools[2]?.address ?? '', 14756200, [555672359n, 0n, 0n, 165760006238n]),
];

describe('priceSwaps()', () => {
  it('values a swap by its priced side when only one token has a price', () => {
    const priceHistory = new Map([[tokenKey(1, USDC), [{ blockNumber: 0, priceUsd: 1 }]]]);
    const [direct, viaWbtc, toUsdc] = priceSwaps({ swaps: splitSwap, pools, priceHistory });
    expect(direct).toMatchObject({ volumeUsd: 655542.493837, priced: true, unpricedTokens: [tokenKey(1, WETH)] });
    expect(direct?.feesUsd).toBeCloseTo(655542.493837 * 0.0005, 9);
    expect(viaWbtc).toMatchObject({ volumeUsd: 0, feesUsd: 0, priced: false, unpricedTokens: [tokenKey(1, WBTC), tokenKey(1, WETH)] });
    expect(toUsdc).toMatchObject({ volumeUsd: 165760.006238, protocol: 'uniswap-v3' });
    expect(toUsdc?.feesUsd).toBeCloseTo(165760.006238 * 0.003, 9);
  });

  it('averages both sides when both are priced, at the price in force at the swap\'s block', () => {
    const priceHistory = new Map([
      [tokenKey(1, USDC), [{ blockNumber: 0, priceUsd: 1 }]],
      [tokenKey(1, WETH), [{ blockNumber: 14756000, priceUsd: 2000 }, { blockNumber: 14756201, priceUsd: 2100 }]],
    ]);
    const [direct, viaWbtc] = priceSwaps({ swaps: splitSwap, pools, priceHistory });
    // (655,542.493837 + 305.846153846153863077 x 2000) / 2
    expect(direct?.volumeUsd).toBeCloseTo((655542.493837 + Number('611692.307692307726154')) / 2, 6);
    expect(viaWbtc?.volumeUsd).toBeCloseTo(Number('76.461538461538460768') * 2000, 6);
    const later = priceSwaps({ swaps: [{ ...splitSwap[1], blockNumber: 14756209 } as SwapInput], pools, priceHistory });
    expect(later[0]?.volumeUsd).toBeCloseTo(Number('76.461538461538460768') * 2100, 6);
  });

  it.each([
    ['a swap of an unknown pool', { swaps: [swap('0xnope', 1, [1n, 0n, 0n, 1n])], pools, priceHistory: new Map() }, InvalidPoolError],
    ['a fee of 100%', { swaps: [], pools: [{ ...pools[0], feePips: 1_000_000 } as SwapPoolInput], priceHistory: new Map() }, InvalidNumberError],
    ['an unordered price history', { swaps: [], pools, priceHistory: new Map([['1:0x', [{ blockNumber: 2, priceUsd: 1 }, { blockNumber: 1, priceUsd: 1 }]]]) }, UnorderedSeriesError],
  ])('rejects %s', (_name, input, error) => {
    expect(() => priceSwaps(input)).toThrow(error);
  });
});
