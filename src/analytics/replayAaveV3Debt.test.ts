import { describe, expect, it } from 'vitest';
import { RAY, SECONDS_PER_YEAR, calculateCompoundedInterest, rayDiv, rayMul } from './aaveV3Math.js';
import { InvalidLendingEventError, NegativeAmountError } from './errors.js';
import { replayAaveV3Debt, type AaveV3DebtEvent } from './replayAaveV3Debt.js';

const POOL = '0x00000000000000000000000000000000000000aa';
const USDC = '0x00000000000000000000000000000000000000c1';
const [ALICE, BOB] = ['0x00000000000000000000000000000000000000a1', '0x00000000000000000000000000000000000000b0'];
let log = 0;
const at = (blockNumber: number) => ({ market: POOL, reserve: USDC, blockNumber, logIndex: log++ });
const update = (blockNumber: number, indexRay: bigint, rateRay: bigint, timestampSec: number): AaveV3DebtEvent => ({
  kind: 'reserveDataUpdated', ...at(blockNumber), variableBorrowIndex: indexRay, variableBorrowRate: rateRay, timestampSec,
});
const borrow = (blockNumber: number, user: string, amount: bigint, interestRateMode = 2): AaveV3DebtEvent => ({ kind: 'borrow', ...at(blockNumber), user, amount, interestRateMode });
const repay = (blockNumber: number, user: string, amount: bigint): AaveV3DebtEvent => ({ kind: 'repay', ...at(blockNumber), user, amount });
const liquidation = (blockNumber: number, user: string, amount: bigint): AaveV3DebtEvent => ({ kind: 'liquidation', ...at(blockNumber), user, amount });

describe('replayAaveV3Debt()', () => {
  const index11 = (11n * RAY) / 10n;

  it('grows variable debt with the index, and by compounding the last rate up to now', () => {
    const events = [update(1, RAY, 0n, 100), borrow(1, ALICE, 1_000_000n), update(2, index11, RAY / 10n, 200)];
    const [atUpdate] = replayAaveV3Debt(events, 200);
    expect(atUpdate).toEqual({ market: POOL, reserve: USDC, variableDebtRaw: 1_100_000n, stableDebtRaw: 0n, scaledVariableDebt: 1_000_000n });
    const later = replayAaveV3Debt(events, 200 + Number(SECONDS_PER_YEAR))[0]!;
    expect(later.variableDebtRaw).toBe(rayMul(1_000_000n, rayMul(calculateCompoundedInterest(RAY / 10n, 200n, 200n + SECONDS_PER_YEAR), index11)));
  });

  it('burns repays and liquidations at the index of their transaction, whatever the input order', () => {
    const events = [update(1, RAY, 0n, 0), borrow(1, ALICE, 1_000n), borrow(1, BOB, 500n), update(5, index11, 0n, 60), repay(5, ALICE, 550n), liquidation(5, BOB, 100n)];
    const [debt] = replayAaveV3Debt([...events].reverse(), 60);
    expect(debt?.scaledVariableDebt).toBe(1_500n - rayDiv(550n, index11) - rayDiv(100n, index11));
    expect(debt?.variableDebtRaw).toBe(rayMul(debt!.scaledVariableDebt, index11));
  });

  it('tracks stable principal apart and liquidates variable debt first, then stable', () => {
    const events = [update(1, RAY, 0n, 0), borrow(1, ALICE, 300n), borrow(1, ALICE, 200n, 1), liquidation(2, ALICE, 400n)];
    expect(replayAaveV3Debt(events, 0)[0]).toMatchObject({ variableDebtRaw: 0n, stableDebtRaw: 100n });
  });

  it('never goes below zero when a repay pays back debt borrowed before the first event', () => {
    expect(replayAaveV3Debt([update(1, RAY, 0n, 0), repay(2, ALICE, 10n)], 0)[0]).toMatchObject({ variableDebtRaw: 0n, stableDebtRaw: 0n });
  });

  it('keeps reserves of different markets apart', () => {
    const other = { ...update(1, RAY, 0n, 0), market: '0x00000000000000000000000000000000000000bb' };
    expect(replayAaveV3Debt([update(1, RAY, 0n, 0), other, borrow(1, ALICE, 7n)], 0).map((d) => [d.market, d.variableDebtRaw])).toEqual([
      [POOL, 7n],
      ['0x00000000000000000000000000000000000000bb', 0n],
    ]);
  });

  it('rejects an action before any index of its reserve, and negative amounts', () => {
    expect(() => replayAaveV3Debt([borrow(1, ALICE, 1n)], 0)).toThrow(InvalidLendingEventError);
    expect(() => replayAaveV3Debt([update(1, RAY, 0n, 0), repay(1, ALICE, -1n)], 0)).toThrow(NegativeAmountError);
  });
});
