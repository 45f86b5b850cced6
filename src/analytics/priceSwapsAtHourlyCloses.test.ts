import { describe, expect, it } from 'vitest';
import { UnorderedSeriesError } from './errors.js';
import { priceSwapsAtHourlyCloses } from './priceSwapsAtHourlyCloses.js';
import type { SwapInput, SwapPoolInput } from './priceSwaps.js';
import { tokenKey } from './tokenKey.js';

const USDC = '0x00000000000000000000000000000000000000a1';
const WETH = '0x00000000000000000000000000000000000000b2';
const POOL = '0x00000000000000000000000000000000000000d4';
const pools: SwapPoolInput[] = [{ chainId: 1, address: POOL, protocol: 'uniswap-v2', feePips: 3000, token0: { address: USDC, decimals: 6 }, token1: { address: WETH, decimals: 18 } }];
const H = 1_700_000_000 - (1_700_000_000 % 3600); // an hour bucket start
// 1 WETH in, nothing priced on the USDC side (0 USDC): the volume is the WETH side alone, 1 x its price.
const swapAt = (timestampSec: number, blockNumber = 7): SwapInput => ({
  chainId: 1, pool: POOL, blockNumber, logIndex: 0, timestampSec, amount0In: 0n, amount1In: 10n ** 18n, amount0Out: 0n, amount1Out: 0n,
});
const weth = tokenKey(1, WETH);

describe('priceSwapsAtHourlyCloses()', () => {
  const hourlyCloses = new Map([[weth, [{ bucketStartSec: H, priceUsd: 2000 }, { bucketStartSec: H + 2 * 3600, priceUsd: 2500 }]]]);
  const currentPrices = new Map([[weth, 3000]]);
  const value = (timestampSec: number, nowSec = H + 10 * 3600, closes = hourlyCloses, current = currentPrices) =>
    priceSwapsAtHourlyCloses({ swaps: [swapAt(timestampSec)], pools, hourlyCloses: closes, currentPrices: current, nowSec })[0]!;

  it.each([
    ['the close of the swap\'s own hour', H + 59, 2000],
    ['the close of its hour, up to the last second of the hour', H + 3599, 2000],
    ['the nearest earlier close when its hour has no snapshot', H + 3600 + 5, 2000],
    ['a later close for a later hour', H + 2 * 3600 + 1, 2500],
    ['the nearest earlier close hours later', H + 9 * 3600, 2500],
    ['the current price before the first close', H - 1, 3000],
    ['the current price in the current hour, whatever was stored for it', H + 10 * 3600 + 1, 3000],
  ])('uses %s', (_name, timestampSec, priceUsd) => {
    expect(value(timestampSec).volumeUsd).toBeCloseTo(priceUsd, 9);
  });

  it('ignores a stored close of the current hour: the current price is that hour\'s close so far', () => {
    const closes = new Map([[weth, [{ bucketStartSec: H, priceUsd: 2000 }]]]);
    expect(value(H + 10, H + 100, closes).volumeUsd).toBeCloseTo(3000, 9);
  });

  it('falls back to the nearest earlier close for a token without a current price, and to no price before it', () => {
    expect(value(H + 5 * 3600, H + 10 * 3600, hourlyCloses, new Map()).volumeUsd).toBeCloseTo(2500, 9);
    expect(value(H - 10, H + 10 * 3600, hourlyCloses, new Map())).toMatchObject({ volumeUsd: 0, priced: false });
  });

  it('keeps the swap\'s block number and charges the pool fee', () => {
    const [priced] = priceSwapsAtHourlyCloses({ swaps: [swapAt(H + 10, 1234)], pools, hourlyCloses, currentPrices, nowSec: H + 86_400 });
    expect(priced).toMatchObject({ blockNumber: 1234, pool: POOL, protocol: 'uniswap-v2' });
    expect(priced!.feesUsd).toBeCloseTo(2000 * 0.003, 9);
  });

  it('rejects closes out of bucket order', () => {
    const closes = new Map([[weth, [{ bucketStartSec: H + 3600, priceUsd: 1 }, { bucketStartSec: H, priceUsd: 1 }]]]);
    expect(() => priceSwapsAtHourlyCloses({ swaps: [], pools, hourlyCloses: closes, currentPrices, nowSec: H })).toThrow(UnorderedSeriesError);
  });
});
