import { describe, expect, it } from 'vitest';
import { buildAaveV3Reserves } from './buildAaveV3Reserves.js';
import { computeTvl } from './computeTvl.js';
import { NegativeAmountError } from './errors.js';
import { tokenKey } from './tokenKey.js';

const POOL = '0x00000000000000000000000000000000000000AA';
const USDC = '0x00000000000000000000000000000000000000c1';
const WETH = '0x00000000000000000000000000000000000000e1';
const UNKNOWN = '0x00000000000000000000000000000000000000f1';
const decimals = new Map([[USDC, 6], [WETH, 18]]);

describe('buildAaveV3Reserves()', () => {
  const reserves = buildAaveV3Reserves(1, [
    { market: POOL, reserve: USDC, availableRaw: 60_000_000_000n, variableDebtRaw: 40_000_000_000n, stableDebtRaw: 1_000_000n },
    { market: POOL, reserve: WETH, availableRaw: 10n ** 19n, variableDebtRaw: 0n, stableDebtRaw: 0n },
    { market: POOL, reserve: UNKNOWN, availableRaw: 1n, variableDebtRaw: 0n, stableDebtRaw: 0n },
  ], decimals);

  it('values TVL at exactly what the aToken holds and borrowed at variable + stable debt (DefiLlama lending)', () => {
    const prices = new Map([[tokenKey(1, USDC), { priceUsd: 1 }], [tokenKey(1, WETH), { priceUsd: 3000 }]]);
    const tvl = computeTvl({ lendingReserves: reserves, prices });
    const usdc = tvl.lendingReserves.find((r) => r.token === USDC)!;
    expect(usdc).toMatchObject({ protocol: 'aave-v3', market: POOL.toLowerCase(), tvlUsd: 60_000, borrowedUsd: 40_001 });
    expect(tvl.protocols).toEqual([{ protocol: 'aave-v3', tvlUsd: 90_000, borrowedUsd: 40_001, chains: [{ chainId: 1, tvlUsd: 90_000, borrowedUsd: 40_001 }], unpricedTokens: [] }]);
  });

  it('leaves out reserves whose asset has no decimals', () => {
    expect(reserves.map((r) => r.token)).toEqual([USDC, WETH]);
  });

  it('rejects negative holdings', () => {
    expect(() => buildAaveV3Reserves(1, [{ market: POOL, reserve: USDC, availableRaw: -1n, variableDebtRaw: 0n, stableDebtRaw: 0n }], decimals)).toThrow(NegativeAmountError);
  });
});
