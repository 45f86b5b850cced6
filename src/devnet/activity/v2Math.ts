/**
 * Uniswap V2's `getAmountOut` (0.3% fee), in base units.
 * Returns 0 when either reserve is empty.
 */
export function getAmountOut(amountIn: bigint, reserveIn: bigint, reserveOut: bigint): bigint {
  if (amountIn <= 0n || reserveIn === 0n || reserveOut === 0n) return 0n;
  const amountInWithFee = amountIn * 997n;
  return (amountInWithFee * reserveOut) / (reserveIn * 1000n + amountInWithFee);
}

/** `amount * fraction`, for a fraction in [0, 1] with 1e-9 precision. */
export function scaleAmount(amount: bigint, fraction: number): bigint {
  return (amount * BigInt(Math.round(fraction * 1e9))) / 1_000_000_000n;
}
