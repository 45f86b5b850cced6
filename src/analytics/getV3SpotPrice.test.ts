import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { InvalidPoolError } from './errors.js';
import { getV3SpotPrice } from './getV3SpotPrice.js';
import { MAX_SQRT_RATIO, MIN_SQRT_RATIO } from './v3Math.js';

// Real Uniswap V3 Swap events (mainnet, May 2022) from mev-inspect-js's classifier tests.
interface SwapCall {
  fn: string;
  args: [{ address: string; assets: [string, string] }, { blockNumber: number; values: Record<string, string | number> }];
}
const fixture = JSON.parse(
  readFileSync(new URL('../../../shared/data/mainnet/mev-inspect-js/classifier_uniswapV3.json', import.meta.url), 'utf8'),
) as { tests: { calls: SwapCall[] }[] };
const realSwaps = fixture.tests
  .flatMap((test) => test.calls)
  .filter((call) => call.fn === 'classifiers.swap.parse')
  .map(({ args: [pool, log] }) => ({ pool: pool.address, sqrtPriceX96: BigInt(log.values.sqrtPriceX96 ?? 0), tick: Number(log.values.tick) }));

const relativeError = (actual: number, expected: number): number => Math.abs(actual / expected - 1);

describe('getV3SpotPrice()', () => {
  it('agrees with the tick every real swap reported: 1.0001^tick <= price < 1.0001^(tick + 1)', () => {
    expect(realSwaps.length).toBeGreaterThanOrEqual(12);
    for (const { pool, sqrtPriceX96, tick } of realSwaps) {
      const price = getV3SpotPrice({ sqrtPriceX96, decimals0: 0, decimals1: 0 })?.token0Price ?? Number.NaN;
      const tickPrice = (t: number): number => Math.exp(t * Math.log1p(1e-4));
      expect(price, pool).toBeGreaterThanOrEqual(tickPrice(tick) * (1 - 1e-9));
      expect(price, pool).toBeLessThan(tickPrice(tick + 1) * (1 + 1e-9));
    }
  });

  // Expected values computed by hand with 60-digit decimals: sqrtPriceX96^2 / 2^192 * 10^(d0 - d1).
  it.each([
    ['USDC/WETH 0.05% @14756200', 1713099674283590876756634035645162n, 6, 18, '0.000467526354955558435771500829977', '2138.91685335055990740371898028961'],
    ['USDC/WETH 0.05% @14756211', 1701807279290655656150308810063139n, 6, 18, '0.000461382997748762109832584443221', '2167.39672870332378670611836081480'],
    ['USDC/WETH 0.3% @14756209', 1700367240901089360088535069080891n, 6, 18, '0.000460602500295700103160294463097', '2171.06941312306066634755782559275'],
    ['WBTC/USDC 0.3% @14756200', 1369399345523876183225070477709n, 8, 6, '29874.5288283224132474215671610771', '0.0000334733312698125126247524782380'],
    ['WBTC/WETH 0.3% @14756200', 29346641572432228498627094012504715n, 8, 18, '13.7201117312742503765616894520507', '0.0728857038183263660975692259373030'],
  ])('prices %s', (_name, sqrtPriceX96, decimals0, decimals1, token0Price, token1Price) => {
    const spot = getV3SpotPrice({ sqrtPriceX96, decimals0, decimals1 });
    expect(relativeError(spot?.token0Price ?? 0, Number(token0Price))).toBeLessThan(1e-15);
    expect(relativeError(spot?.token1Price ?? 0, Number(token1Price))).toBeLessThan(1e-15);
  });

  it('is within 0.05% of the execution price of the swap that set it (deep pool, 76k USDC in)', () => {
    // Block 14756211: 76,164.663463 USDC in, 35.132165820280149733 WETH out of the 0.05% pool.
    const executionUsdPerEth = 76164.663463 / Number('35.132165820280149733');
    const spot = getV3SpotPrice({ sqrtPriceX96: 1701807279290655656150308810063139n, decimals0: 6, decimals1: 18 });
    expect(relativeError(spot?.token1Price ?? 0, executionUsdPerEth)).toBeLessThan(0.0005);
  });

  it.each([
    [2n ** 96n, 18, 18, 1],
    [2n ** 96n, 6, 18, 1e-12],
    [2n ** 96n, 0, 0, 1],
    [2n ** 97n, 0, 0, 4],
  ])('prices sqrtPriceX96 %s with decimals %i/%i at %d', (sqrtPriceX96, decimals0, decimals1, token0Price) => {
    expect(getV3SpotPrice({ sqrtPriceX96, decimals0, decimals1 })?.token0Price).toBe(token0Price);
  });

  it('returns null for an uninitialized pool and throws outside the V3 price range', () => {
    expect(getV3SpotPrice({ sqrtPriceX96: 0n, decimals0: 6, decimals1: 18 })).toBeNull();
    expect(() => getV3SpotPrice({ sqrtPriceX96: MIN_SQRT_RATIO - 1n, decimals0: 6, decimals1: 18 })).toThrow(InvalidPoolError);
    expect(() => getV3SpotPrice({ sqrtPriceX96: MAX_SQRT_RATIO, decimals0: 6, decimals1: 18 })).toThrow(InvalidPoolError);
    expect(getV3SpotPrice({ sqrtPriceX96: MIN_SQRT_RATIO, decimals0: 0, decimals1: 0 })?.token0Price).toBeGreaterThan(0);
  });
});
