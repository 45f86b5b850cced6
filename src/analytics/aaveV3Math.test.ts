import { describe, expect, it } from 'vitest';
import { RAY, SECONDS_PER_YEAR, calculateCompoundedInterest, rayDiv, rayMul } from './aaveV3Math.js';

describe('Aave V3 ray math', () => {
  it.each([
    ['rayMul rounds half up', rayMul(3n, RAY / 2n), 2n],
    ['rayMul rounds below half down', rayMul(1n, RAY / 2n - 1n), 0n],
    ['rayMul by one ray is the identity', rayMul(123_456_789n, RAY), 123_456_789n],
    ['rayDiv rounds half up', rayDiv(1n, 2n * RAY), 1n],
    ['rayDiv rounds below half down', rayDiv(1n, 3n * RAY), 0n],
    ['rayDiv by 1.1 ray', rayDiv(1100n, (11n * RAY) / 10n), 1000n],
  ])('%s', (_name, actual, expected) => {
    expect(actual).toBe(expected);
  });

  it('compounds nothing over zero seconds', () => {
    expect(calculateCompoundedInterest(RAY / 20n, 1000n, 1000n)).toBe(RAY);
  });

  it('compounds 5 % a year over a year to about 1 + x + x^2/2 + x^3/6, the third term truncated per second as Aave does', () => {
    const factor = calculateCompoundedInterest(RAY / 20n, 0n, SECONDS_PER_YEAR);
    // basePowerThree = rayMul(rayMul(r, r) / Y^2, r) / Y = 3 (3.98 before integer division): the third term is 3/3.98 of x^3/6.
    const basePowerTwo = rayMul(RAY / 20n, RAY / 20n) / (SECONDS_PER_YEAR * SECONDS_PER_YEAR);
    const expected = RAY + RAY / 20n + (SECONDS_PER_YEAR * (SECONDS_PER_YEAR - 1n) * basePowerTwo) / 2n + (SECONDS_PER_YEAR * (SECONDS_PER_YEAR - 1n) * (SECONDS_PER_YEAR - 2n) * 3n) / 6n;
    expect(factor).toBe(expected);
    expect(Number(factor / 10n ** 12n) / 1e15).toBeCloseTo(1 + 0.05 + 0.05 ** 2 / 2 + 0.05 ** 3 / 6, 4);
  });

  it('grows linearly (rate x seconds / year) for one second', () => {
    expect(calculateCompoundedInterest(SECONDS_PER_YEAR * 1000n, 0n, 1n)).toBe(RAY + 1000n);
  });
});
