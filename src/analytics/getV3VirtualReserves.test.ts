import { describe, expect, it } from 'vitest';
import { NegativeAmountError } from './errors.js';
import { getV3SpotPrice } from './getV3SpotPrice.js';
import { getV3VirtualReserves } from './getV3VirtualReserves.js';
import { unitsToNumber } from './unitsToNumber.js';

describe('getV3VirtualReserves()', () => {
  // The real USDC/WETH 0.05% pool after a swap in block 14756211 (mev-inspect-js fixture): L and sqrtPriceX96 of the event.
  const real = { sqrtPriceX96: 1701807279290655656150308810063139n, liquidity: 6657767753184375592n };

  it('computes x = L * 2^96 / sqrtP and y = L * sqrtP / 2^96 exactly (hand-computed in integers)', () => {
    expect(getV3VirtualReserves(real)).toEqual({ reserve0: 309954430181650n, reserve1: 143007704162719329703992n });
  });

  it('gives reserves whose ratio is the spot price (about 310M USDC against 143k WETH)', () => {
    const reserves = getV3VirtualReserves(real);
    const spot = getV3SpotPrice({ sqrtPriceX96: real.sqrtPriceX96, decimals0: 6, decimals1: 18 });
    const ratio = unitsToNumber(reserves?.reserve0 ?? 0n, 6) / unitsToNumber(reserves?.reserve1 ?? 1n, 18);
    expect(Math.abs(ratio / (spot?.token1Price ?? 0) - 1)).toBeLessThan(1e-12);
  });

  it.each([
    [{ sqrtPriceX96: 2n ** 96n, liquidity: 1000n }, { reserve0: 1000n, reserve1: 1000n }],
    [{ sqrtPriceX96: 2n ** 97n, liquidity: 1000n }, { reserve0: 500n, reserve1: 2000n }],
    [{ sqrtPriceX96: 2n ** 96n, liquidity: 0n }, { reserve0: 0n, reserve1: 0n }],
    [{ sqrtPriceX96: 0n, liquidity: 1000n }, null],
  ])('maps %o to %o', (parameters, expected) => {
    expect(getV3VirtualReserves(parameters)).toEqual(expected);
  });

  it('rejects negative liquidity', () => {
    expect(() => getV3VirtualReserves({ sqrtPriceX96: 2n ** 96n, liquidity: -1n })).toThrow(NegativeAmountError);
  });
});
