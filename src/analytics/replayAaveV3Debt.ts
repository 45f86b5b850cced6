import { calculateCompoundedInterest, rayDiv, rayMul } from './aaveV3Math.js';
import { assertNonNegativeAmount } from './assertNonNegativeAmount.js';
import { assertNonNegativeNumber } from './assertNonNegativeNumber.js';
import { InvalidLendingEventError } from './errors.js';

interface AaveV3EventBase {
  /** The Aave Pool that emitted the event. */
  market: string;
  /** The underlying asset (for a liquidation: the debt asset). */
  reserve: string;
  blockNumber: number;
  logIndex: number;
}

/** The Pool events that move a reserve's debt, as indexed (amounts raw, rates and indexes in ray). */
export type AaveV3DebtEvent =
  /** `ReserveDataUpdated`, with its block's timestamp: the index every action after it in the block used. */
  | (AaveV3EventBase & { kind: 'reserveDataUpdated'; variableBorrowRate: bigint; variableBorrowIndex: bigint; timestampSec: number })
  /** `Borrow`: `user` is `onBehalfOf` (who owes); mode 1 stable, 2 variable. */
  | (AaveV3EventBase & { kind: 'borrow'; user: string; amount: bigint; interestRateMode: number })
  /** `Repay`: `user` is whose debt shrinks; `amount` is what was actually paid back. */
  | (AaveV3EventBase & { kind: 'repay'; user: string; amount: bigint })
  /** `LiquidationCall` on the debt reserve: `amount` is the debt actually covered. */
  | (AaveV3EventBase & { kind: 'liquidation'; user: string; amount: bigint });

/** A reserve's outstanding debt at `nowSec`, in raw units of the underlying. */
export interface AaveV3ReserveDebt {
  market: string;
  reserve: string;
  /** `VariableDebtToken.totalSupply()`: scaled debt x the variable borrow index compounded to `nowSec`. */
  variableDebtRaw: bigint;
  /** Stable-rate principal (no interest: stable borrowing is off on the devnet and removed in Aave 3.2). */
  stableDebtRaw: bigint;
  /** Sum of the borrowers' scaled variable balances (`scaledTotalSupply()`). */
  scaledVariableDebt: bigint;
}

interface ReserveState {
  market: string;
  reserve: string;
  index: bigint;
  rate: bigint;
  updatedAtSec: number;
  scaled: Map<string, bigint>;
  stable: Map<string, bigint>;
}

const add = (map: Map<string, bigint>, user: string, delta: bigint): void => {
  const next = (map.get(user) ?? 0n) + delta;
  // Below 0 only when history before the first indexed block is missing (a repay of an unseen borrow).
  map.set(user, next > 0n ? next : 0n);
};

/**
 * Replays Aave V3 borrows, repays and liquidations with the Pool's own fixed-point math (`rayDiv` on mint and
 * burn at the index of the transaction, `calculateCompoundedInterest` to `nowSec`), so the variable debt equals the
 * debt token's `totalSupply()` at the block of `nowSec`. A liquidation burns variable debt first, then stable, as the
 * Pool does; a repay (whose event does not say the rate mode) is applied to variable debt first. Needs the reserve's
 * whole history: debt borrowed before the first event given is missed.
 * @returns one entry per (market, reserve) that had an index update, sorted by market, then reserve.
 * @throws {InvalidLendingEventError} when an action comes before any index of its reserve (impossible on chain).
 * @throws {NegativeAmountError} for a negative amount.
 */
export function replayAaveV3Debt(events: readonly AaveV3DebtEvent[], nowSec: number): AaveV3ReserveDebt[] {
  assertNonNegativeNumber('nowSec', nowSec);
  const reserves = new Map<string, ReserveState>();
  const sorted = [...events].sort((a, b) => a.blockNumber - b.blockNumber || a.logIndex - b.logIndex);
  for (const event of sorted) {
    const key = `${event.market.toLowerCase()}:${event.reserve.toLowerCase()}`;
    if (event.kind === 'reserveDataUpdated') {
      const state = reserves.get(key) ?? { market: event.market.toLowerCase(), reserve: event.reserve.toLowerCase(), index: 0n, rate: 0n, updatedAtSec: 0, scaled: new Map(), stable: new Map() };
      Object.assign(state, { index: event.variableBorrowIndex, rate: event.variableBorrowRate, updatedAtSec: event.timestampSec });
      reserves.set(key, state);
      continue;
    }
    const state = reserves.get(key);
    if (!state || state.index === 0n) throw new InvalidLendingEventError(event.market, event.reserve, `${event.kind} at block ${event.blockNumber} before any ReserveDataUpdated`);
    assertNonNegativeAmount(`${event.kind} amount`, event.amount);
    applyAction(state, event);
  }
  const states = [...reserves.values()].sort((a, b) => a.market.localeCompare(b.market) || a.reserve.localeCompare(b.reserve));
  return states.map((state) => {
    const scaledVariableDebt = [...state.scaled.values()].reduce((sum, value) => sum + value, 0n);
    const index = rayMul(calculateCompoundedInterest(state.rate, BigInt(state.updatedAtSec), BigInt(nowSec)), state.index);
    return {
      market: state.market,
      reserve: state.reserve,
      variableDebtRaw: rayMul(scaledVariableDebt, index),
      stableDebtRaw: [...state.stable.values()].reduce((sum, value) => sum + value, 0n),
      scaledVariableDebt,
    };
  });
}

function applyAction(state: ReserveState, event: Exclude<AaveV3DebtEvent, { kind: 'reserveDataUpdated' }>): void {
  const user = event.user.toLowerCase();
  switch (event.kind) {
    case 'borrow':
      if (event.interestRateMode === 1) add(state.stable, user, event.amount);
      else add(state.scaled, user, rayDiv(event.amount, state.index));
      return;
    case 'repay':
    case 'liquidation': {
      // VariableDebtToken.balanceOf at this transaction: the index was just updated, so no compounding.
      const variableDebt = rayMul(state.scaled.get(user) ?? 0n, state.index);
      const fromVariable = variableDebt >= event.amount ? event.amount : variableDebt;
      if (fromVariable > 0n) add(state.scaled, user, -rayDiv(fromVariable, state.index));
      if (event.amount > fromVariable) add(state.stable, user, -(event.amount - fromVariable));
      return;
    }
    default: {
      const exhaustive: never = event;
      throw new TypeError(`unhandled event ${(exhaustive as AaveV3DebtEvent).kind}`);
    }
  }
}
