import { describe, expect, it } from 'vitest';
import { InvalidDecimalsError, NegativeAmountError } from './errors.js';
import { getV2SpotPrice } from './getV2SpotPrice.js';
import { parseUnits } from './parseUnits.js';

describe('getV2SpotPrice()', () => {
  it.each([
    // [reserve0, decimals0, reserve1, decimals1, token0Price, token1Price]
    ['2,000,000 USDC / 1,000 WETH', parseUnits('2000000', 6), 6, parseUnits('1000', 18), 18, 0.0005, 2000],
    ['1,000 WETH / 2,000,000 DAI', parseUnits('1000', 18), 18, parseUnits('2000000', 18), 18, 2000, 0.0005],
    ['100 WBTC / 1,500 WETH', parseUnits('100', 8), 8, parseUnits('1500', 18), 18, 15, 1 / 15],
    ['0-decimals token', 10n, 0, parseUnits('25', 6), 6, 2.5, 0.4],
    ['1 wei / 1 wei', 1n, 18, 1n, 18, 1, 1],
  ])('prices %s', (_name, reserve0, decimals0, reserve1, decimals1, token0Price, token1Price) => {
    expect(getV2SpotPrice({ reserve0, reserve1, decimals0, decimals1 })).toEqual({ token0Price, token1Price });
  });

  it('has no price for an empty pool', () => {
    expect(getV2SpotPrice({ reserve0: 0n, reserve1: 10n, decimals0: 18, decimals1: 18 })).toBeNull();
    expect(getV2SpotPrice({ reserve0: 10n, reserve1: 0n, decimals0: 18, decimals1: 18 })).toBeNull();
  });

  it('keeps full precision for uint112-sized reserves', () => {
    const reserve = 2n ** 112n - 1n;
    expect(getV2SpotPrice({ reserve0: reserve, reserve1: reserve - 1n, decimals0: 18, decimals1: 18 })?.token0Price).toBe(1);
    expect(getV2SpotPrice({ reserve0: 3n, reserve1: reserve, decimals0: 0, decimals1: 0 })?.token0Price).toBe(Number(reserve) / 3);
  });

  it.each([
    [{ reserve0: -1n, reserve1: 1n, decimals0: 18, decimals1: 18 }, NegativeAmountError],
    [{ reserve0: 1n, reserve1: -1n, decimals0: 18, decimals1: 18 }, NegativeAmountError],
    [{ reserve0: 1n, reserve1: 1n, decimals0: -1, decimals1: 18 }, InvalidDecimalsError],
    [{ reserve0: 1n, reserve1: 1n, decimals0: 18, decimals1: 2.5 }, InvalidDecimalsError],
  ])('rejects %o', (parameters, error) => {
    expect(() => getV2SpotPrice(parameters)).toThrow(error);
  });
});
