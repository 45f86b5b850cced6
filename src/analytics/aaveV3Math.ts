// Aave V3's fixed-point arithmetic (WadRayMath, MathUtils of @aave/core-v3 1.19), bit for bit, so replayed debt
// equals what the debt tokens report on chain.

/** 1e27, Aave's "ray" (indexes and rates). */
export const RAY = 10n ** 27n;
const HALF_RAY = RAY / 2n;
/** `MathUtils.SECONDS_PER_YEAR`: 365 days. */
export const SECONDS_PER_YEAR = 31_536_000n;

/** `WadRayMath.rayMul`: a x b / 1e27, rounded half up. */
export function rayMul(a: bigint, b: bigint): bigint {
  return (a * b + HALF_RAY) / RAY;
}

/** `WadRayMath.rayDiv`: a x 1e27 / b, rounded half up. */
export function rayDiv(a: bigint, b: bigint): bigint {
  return (a * RAY + b / 2n) / b;
}

/**
 * `MathUtils.calculateCompoundedInterest`: the growth factor (ray) of a variable-rate debt over `toSec - fromSec`
 * at `rateRay` per year, as Aave approximates it (binomial expansion to the third term).
 */
export function calculateCompoundedInterest(rateRay: bigint, fromSec: bigint, toSec: bigint): bigint {
  const exp = toSec - fromSec;
  if (exp <= 0n) return RAY;
  const expMinusOne = exp - 1n;
  const expMinusTwo = exp > 2n ? exp - 2n : 0n;
  const basePowerTwo = rayMul(rateRay, rateRay) / (SECONDS_PER_YEAR * SECONDS_PER_YEAR);
  const basePowerThree = rayMul(basePowerTwo, rateRay) / SECONDS_PER_YEAR;
  const secondTerm = (exp * expMinusOne * basePowerTwo) / 2n;
  const thirdTerm = (exp * expMinusOne * expMinusTwo * basePowerThree) / 6n;
  return RAY + (rateRay * exp) / SECONDS_PER_YEAR + secondTerm + thirdTerm;
}
