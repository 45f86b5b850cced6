import { assertNonNegativeAmount } from './assertNonNegativeAmount.js';
import type { LendingReserveInput } from './getLendingReserveTvl.js';

/** An Aave V3 reserve's holdings at one block, raw units of its asset. */
export interface AaveV3ReserveHolding {
  market: string;
  reserve: string;
  /** `asset.balanceOf(aToken)`: what sits in the reserve. */
  availableRaw: bigint;
  variableDebtRaw: bigint;
  stableDebtRaw: bigint;
}

/** Protocol slug of Aave V3 reserves. */
export const AAVE_V3_SLUG = 'aave-v3';

/**
 * Aave V3 reserves as `computeTvl` lending reserves, DefiLlama's way: borrowed = variable + stable debt, supplied =
 * available + borrowed, so TVL (supplied - borrowed) is exactly the asset the aToken holds. Reserves whose asset has
 * no known decimals are left out (they cannot be valued).
 * @throws {NegativeAmountError} for a negative holding.
 */
export function buildAaveV3Reserves(chainId: number, holdings: readonly AaveV3ReserveHolding[], decimalsOf: ReadonlyMap<string, number>): LendingReserveInput[] {
  const reserves: LendingReserveInput[] = [];
  for (const holding of holdings) {
    const token = holding.reserve.toLowerCase();
    const decimals = decimalsOf.get(token);
    if (decimals === undefined) continue;
    assertNonNegativeAmount(`${token} available`, holding.availableRaw);
    assertNonNegativeAmount(`${token} variable debt`, holding.variableDebtRaw);
    assertNonNegativeAmount(`${token} stable debt`, holding.stableDebtRaw);
    const borrowedRaw = holding.variableDebtRaw + holding.stableDebtRaw;
    reserves.push({ chainId, protocol: AAVE_V3_SLUG, market: holding.market.toLowerCase(), token, decimals, suppliedRaw: holding.availableRaw + borrowedRaw, borrowedRaw });
  }
  return reserves;
}
