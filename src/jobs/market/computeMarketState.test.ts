import { describe, expect, it } from 'vitest';
import { computeMarketState } from './computeMarketState.js';
import type { HourlyClose } from '../../analytics/priceSwapsAtHourlyCloses.js';
import { tokenKey } from '../../analytics/tokenKey.js';
import type { MarketInputs, SwapGroup } from './loadMarketInputs.js';

const USDC = '0x00000000000000000000000000000000000000a1';
const WETH = '0x00000000000000000000000000000000000000b2';
const MEME = '0x00000000000000000000000000000000000000c3';
const PAIR = '0x00000000000000000000000000000000000000d4';
const THIN = '0x00000000000000000000000000000000000000e5';
const NOW = 1_700_000_000;

// A swap group as loadMarketInputs sums it: `amount0` USDC and `amount1` WETH moved (in + out).
const swap = (pool: string, timestampSec: number, amount0Raw: bigint, amount1Raw: bigint): SwapGroup => ({
  address: pool, blockNumber: 10, timestampSec, amount0Raw, amount1Raw, swapCount: 1,
});

function inputs(swapGroups: SwapGroup[], hourlyCloses = new Map<string, HourlyClose[]>()): MarketInputs {
  return {
    chainId: 1, headBlock: 12, headTimestampSec: NOW,
    tokens: [
      { chainId: 1, address: USDC, symbol: 'USDC', decimals: 6, isStable: true },
      { chainId: 1, address: WETH, symbol: 'WETH', decimals: 18, isWrappedNative: true },
      { chainId: 1, address: MEME, symbol: 'MEME', decimals: 18 },
    ],
    pools: [
      // 3,000,000 USDC / 1,000 WETH: WETH = 3000; TVL 6M.
      { state: { kind: 'v2', chainId: 1, address: PAIR, token0: USDC, token1: WETH, blockNumber: 11, reserve0: 3_000_000n * 10n ** 6n, reserve1: 1000n * 10n ** 18n }, protocol: 'uniswap-v2', feePips: 3000, balance0: 3_000_000n * 10n ** 6n, balance1: 1000n * 10n ** 18n },
      // 1 WETH / 1,000,000 MEME: $3k a side, below the $10k minimum: MEME gets no price.
      { state: { kind: 'v2', chainId: 1, address: THIN, token0: WETH, token1: MEME, blockNumber: 11, reserve0: 10n ** 18n, reserve1: 10n ** 24n }, protocol: 'uniswap-v2', feePips: 3000, balance0: 10n ** 18n, balance1: 10n ** 24n },
    ],
    swapGroups,
    hourlyCloses,
  };
}

describe('computeMarketState', () => {
  it('prices from pools, values pools at reserves x prices and sums the protocol', () => {
    const state = computeMarketState(inputs([]));
    const price = (address: string) => state.prices.find((p) => p.address === address)!;
    expect(price(USDC).priceUsd).toBe(1);
    expect(price(WETH).priceUsd).toBeCloseTo(3000, 6);
    expect(price(MEME)).toMatchObject({ priceUsd: null, reason: 'lowLiquidity' });
    const pair = state.pools.find((p) => p.address === PAIR)!;
    expect(pair.tvlUsd).toBeCloseTo(6_000_000, 3);
    const thin = state.pools.find((p) => p.address === THIN)!;
    expect(thin.tvlUsd).toBeCloseTo(3000, 6); // the unpriced MEME side counts 0, the WETH side still counts
    expect(state.protocols).toEqual([expect.objectContaining({ slug: 'uniswap-v2', chainId: 1, tvlUsd: pair.tvlUsd + thin.tvlUsd, blockNumber: 12 })]);
  });

  it('sums swaps of the last 24h of chain time at current prices, with 0.3% fees', () => {
    const state = computeMarketState(inputs([
      swap(PAIR, NOW - 10, 3000n * 10n ** 6n, 10n ** 18n), // $3000 in, 1 WETH out: $3000
      swap(PAIR, NOW - 86_399, 6000n * 10n ** 6n, 2n * 10n ** 18n), // $6000, still inside the window
      swap(PAIR, NOW - 86_400, 6000n * 10n ** 6n, 2n * 10n ** 18n), // exactly 24h old: out
    ]));
    const pair = state.pools.find((p) => p.address === PAIR)!;
    expect(pair.volumeUsd24h).toBeCloseTo(9000, 6);
    expect(pair.feesUsd24h).toBeCloseTo(27, 9);
    expect(state.protocols[0]!.volumeUsd24h).toBeCloseTo(9000, 6);
  });

  it('sums 7d and 30d windows ending at the head\'s time, each swap in every window it falls in', () => {
    const DAY = 86_400;
    const state = computeMarketState(inputs([
      swap(PAIR, NOW - 60, 3000n * 10n ** 6n, 10n ** 18n), // $3000: 24h, 7d, 30d
      swap(PAIR, NOW - 2 * DAY, 6000n * 10n ** 6n, 2n * 10n ** 18n), // $6000: 7d, 30d
      swap(PAIR, NOW - 7 * DAY + 1, 30_000n * 10n ** 6n, 10n * 10n ** 18n), // $30000: 7d, 30d (1 s inside)
      swap(PAIR, NOW - 7 * DAY, 300_000n * 10n ** 6n, 100n * 10n ** 18n), // $300000: 30d only
      swap(PAIR, NOW - 30 * DAY, 3_000_000n * 10n ** 6n, 1000n * 10n ** 18n), // exactly 30 days old: in none
    ]));
    const pair = state.pools.find((p) => p.address === PAIR)!;
    expect(pair.volumeUsd24h).toBeCloseTo(3000, 6);
    expect(pair.volumeUsd7d).toBeCloseTo(39_000, 6);
    expect(pair.volumeUsd30d).toBeCloseTo(339_000, 6);
    expect(pair.feesUsd7d).toBeCloseTo(39_000 * 0.003, 6);
    expect(pair.feesUsd30d).toBeCloseTo(339_000 * 0.003, 6);
    expect(state.protocols[0]).toMatchObject({ volumeUsd7d: pair.volumeUsd7d, volumeUsd30d: pair.volumeUsd30d, feesUsd30d: pair.feesUsd30d });
  });

  it('values a swap made before a price move at the close of its own hour, not at today\'s price', () => {
    const hour = NOW - (NOW % 3600);
    // WETH closed at 2000 five hours ago; it is 3000 now (the pool). 1 WETH sold for 2000 USDC back then.
    const closes = new Map([[tokenKey(1, WETH), [{ bucketStartSec: hour - 5 * 3600, priceUsd: 2000 }]], [tokenKey(1, USDC), [{ bucketStartSec: hour - 5 * 3600, priceUsd: 1 }]]]);
    const state = computeMarketState(inputs([swap(PAIR, hour - 5 * 3600 + 10, 2000n * 10n ** 6n, 10n ** 18n)], closes));
    expect(state.pools.find((p) => p.address === PAIR)!.volumeUsd24h).toBeCloseTo(2000, 6); // (2000 x 1 + 1 x 2000) / 2
    const atToday = computeMarketState(inputs([swap(PAIR, hour - 5 * 3600 + 10, 2000n * 10n ** 6n, 10n ** 18n)]));
    expect(atToday.pools.find((p) => p.address === PAIR)!.volumeUsd24h).toBeCloseTo(2500, 6); // no closes: current prices
  });
});
