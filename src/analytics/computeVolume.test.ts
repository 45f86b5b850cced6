import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { computeVolume } from './computeVolume.js';
import { InvalidNumberError } from './errors.js';
import { normalizeSwap, type V3SwapEventLike } from './normalizeSwap.js';
import { priceSwaps, type PricedSwap } from './priceSwaps.js';
import { tokenKey } from './tokenKey.js';

const NOW = 1_700_000_000;
const HOUR = 3_600;
const DAY = 86_400;
const pricedSwap = (ageSec: number, volumeUsd: number, extra: Partial<PricedSwap> = {}): PricedSwap => ({
  chainId: 1, pool: '0xp1', protocol: 'uniswap-v2', blockNumber: 1, logIndex: 0, timestampSec: NOW - ageSec,
  volumeUsd, feesUsd: volumeUsd * 0.003, priced: true, unpricedTokens: [], ...extra,
});

describe('computeVolume()', () => {
  it.each([
    // [age, in 24h, in 7d, in 30d]
    [0, true, true, true],
    [DAY - 1, true, true, true],
    [DAY, false, true, true],
    [7 * DAY - 1, false, true, true],
    [7 * DAY, false, false, true],
    [30 * DAY - 1, false, false, true],
    [30 * DAY, false, false, false],
    [-1, false, false, false],
  ])('counts a swap %i s old in 24h: %s, 7d: %s, 30d: %s', (ageSec, in24h, in7d, in30d) => {
    const { total } = computeVolume([pricedSwap(ageSec, 100)], NOW);
    expect([total.volumeUsd24h, total.volumeUsd7d, total.volumeUsd30d]).toEqual([in24h ? 100 : 0, in7d ? 100 : 0, in30d ? 100 : 0]);
    expect(total.feesUsd7d).toBeCloseTo(in7d ? 0.3 : 0, 12);
  });

  it('breaks volume down by pool, protocol and chain, and each level sums to the total', () => {
    const swaps = [
      pricedSwap(HOUR, 1_000),
      pricedSwap(2 * HOUR, 500, { pool: '0xp2' }),
      pricedSwap(3 * HOUR, 2_000, { pool: '0xp3', protocol: 'uniswap-v3', feesUsd: 1 }),
      pricedSwap(4 * HOUR, 300, { chainId: 42161, pool: '0xp4', protocol: 'uniswap-v3' }),
      pricedSwap(5 * HOUR, 0, { priced: false, feesUsd: 0 }),
      pricedSwap(3 * DAY, 10_000),
    ];
    const volume = computeVolume(swaps, NOW);
    expect(volume.total).toMatchObject({ volumeUsd24h: 3_800, volumeUsd7d: 13_800, swapCount24h: 5, unpricedSwapCount24h: 1 });
    expect(volume.pools.map((p) => [p.pool, p.volumeUsd24h])).toEqual([['0xp3', 2_000], ['0xp1', 1_000], ['0xp2', 500], ['0xp4', 300]]);
    expect(volume.protocols.map((p) => [p.protocol, p.volumeUsd24h, p.volumeUsd7d])).toEqual([['uniswap-v3', 2_300, 2_300], ['uniswap-v2', 1_500, 11_500]]);
    expect(volume.chains.map((c) => [c.chainId, c.volumeUsd24h])).toEqual([[1, 3_500], [42161, 300]]);
    expect(volume.protocols.find((p) => p.protocol === 'uniswap-v3')?.feesUsd24h).toBeCloseTo(1 + 0.9, 12);
  });

  it('equals the sum of the real swaps\' USDC amounts when USDC is the priced side', () => {
    // Four real USDC/WETH and WBTC/USDC swaps (mev-inspect-js, blocks 14756200-14756211); only USDC has a price.
    const fixture = JSON.parse(readFileSync(new URL('../../../shared/data/mainnet/mev-inspect-js/classifier_uniswapV3.json', import.meta.url), 'utf8')) as {
      tests: { calls: { fn: string; args: [{ address: string; assets: string[] }, { blockNumber: number; logIndex: number; values: Record<string, string> }] }[] }[];
    };
    const USDC = '0xa0b86991c6218b36c1d19d4a2e9eb0ce3606eb48';
    const decimals: Record<string, number> = { [USDC]: 6, '0xc02aaa39b223fe8d0a0e5c4f27ead9083c756cc2': 18, '0x2260fac5e5542a773aa44fbcfedf7c193bc2c599': 8 };
    const calls = fixture.tests.flatMap((t) => t.calls).filter((c) => c.fn === 'classifiers.swap.parse' && c.args[0].assets.includes(USDC) && c.args[0].assets.every((a) => a in decimals));
    expect(calls).toHaveLength(4);
    const swaps = calls.map(({ args: [pool, log] }) => ({
      ...normalizeSwap({ kind: 'uniswapV3Swap', chainId: 1, address: pool.address, blockNumber: log.blockNumber, logIndex: log.logIndex, amount0: BigInt(log.values.amount0 ?? 0), amount1: BigInt(log.values.amount1 ?? 0) } satisfies V3SwapEventLike),
      timestampSec: NOW - (14756211 - log.blockNumber) * 13,
    }));
    const pools = calls.map(({ args: [pool] }) => ({
      chainId: 1, address: pool.address, protocol: 'uniswap-v3', feePips: 3000,
      token0: { address: pool.assets[0] ?? '', decimals: decimals[pool.assets[0] ?? ''] ?? 18 },
      token1: { address: pool.assets[1] ?? '', decimals: decimals[pool.assets[1] ?? ''] ?? 18 },
    }));
    const priced = priceSwaps({ swaps, pools, priceHistory: new Map([[tokenKey(1, USDC), [{ blockNumber: 0, priceUsd: 1 }]]]) });
    // 655,542.493837 + 165,760.006238 + 9,740.653424 + 76,164.663463 USDC
    expect(computeVolume(priced, NOW).total.volumeUsd24h).toBeCloseTo(907207.816962, 6);
  });

  it('rejects a bad nowSec', () => {
    expect(() => computeVolume([], Number.POSITIVE_INFINITY)).toThrow(InvalidNumberError);
  });
});
