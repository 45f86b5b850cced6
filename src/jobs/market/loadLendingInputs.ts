import { replayAaveV3Debt, type AaveV3DebtEvent } from '../../analytics/replayAaveV3Debt.js';
import type { Database } from '../../datasources/db/createDatabase.js';
import { netTransfersSql } from '../../datasources/db/repositories/netTransfersSql.js';

/** One Aave V3 reserve as of a block: what its aToken holds and what is owed to it, in raw units of the asset. */
export interface LoadedLendingReserve {
  /** The Aave Pool. */
  market: string;
  /** The underlying asset. */
  reserve: string;
  /** The aToken, derived from indexed supplies; null before the first indexed supply. */
  aToken: string | null;
  /** `asset.balanceOf(aToken)`: net indexed transfers of the asset into the aToken (0 when unknown). */
  availableRaw: bigint;
  variableDebtRaw: bigint;
  stableDebtRaw: bigint;
}

type Row = Record<string, string | number | null>;
const num = (value: string | number | null | undefined): number => Number(value ?? 0);
const big = (value: string | number | null | undefined): bigint => BigInt(value ?? 0);

async function loadDebtEvents(db: Database, chainId: number, atBlock: number): Promise<AaveV3DebtEvent[]> {
  const query = async (sql: string): Promise<Row[]> => (await db.dataSource.query(sql, [chainId, atBlock])) as Row[];
  const [updates, borrows, repays, liquidations] = await Promise.all([
    query(`SELECT u.address, u.reserve, u.block_number, u.log_index, u.variable_borrow_rate::text AS rate, u.variable_borrow_index::text AS idx, b.timestamp_sec
             FROM aave_v3_reserve_data_updates u JOIN blocks b ON b.chain_id = u.chain_id AND b.number = u.block_number
            WHERE u.chain_id = $1 AND u.block_number <= $2`),
    query(`SELECT address, reserve, block_number, log_index, on_behalf_of AS usr, amount::text AS amount, interest_rate_mode
             FROM aave_v3_borrows WHERE chain_id = $1 AND block_number <= $2`),
    query(`SELECT address, reserve, block_number, log_index, user_address AS usr, amount::text AS amount
             FROM aave_v3_repays WHERE chain_id = $1 AND block_number <= $2`),
    query(`SELECT address, debt_asset AS reserve, block_number, log_index, user_address AS usr, debt_to_cover::text AS amount
             FROM aave_v3_liquidations WHERE chain_id = $1 AND block_number <= $2`),
  ]);
  const at = (row: Row) => ({ market: String(row.address), reserve: String(row.reserve), blockNumber: num(row.block_number), logIndex: num(row.log_index) });
  const action = (row: Row) => ({ ...at(row), user: String(row.usr), amount: big(row.amount) });
  return [
    ...updates.map((row): AaveV3DebtEvent => ({ kind: 'reserveDataUpdated', ...at(row), variableBorrowRate: big(row.rate), variableBorrowIndex: big(row.idx), timestampSec: num(row.timestamp_sec) })),
    ...borrows.map((row): AaveV3DebtEvent => ({ kind: 'borrow', ...action(row), interestRateMode: num(row.interest_rate_mode) })),
    ...repays.map((row): AaveV3DebtEvent => ({ kind: 'repay', ...action(row) })),
    ...liquidations.map((row): AaveV3DebtEvent => ({ kind: 'liquidation', ...action(row) })),
  ];
}

/**
 * The aToken of each (market, reserve) and the asset it holds at `atBlock`. A `Supply` moves the asset from the
 * supplier (the event's `user`) to the aToken in the same transaction, so the aToken is the most frequent recipient
 * of such a transfer; its balance is the net of every indexed transfer of the asset into and out of it.
 */
async function loadATokenBalances(db: Database, chainId: number, atBlock: number): Promise<Map<string, { aToken: string; availableRaw: bigint }>> {
  const rows = (await db.dataSource.query(
    `WITH candidates AS (
       SELECT s.address AS market, s.reserve, t.to_address AS a_token, count(*) AS hits
         FROM aave_v3_supplies s
         JOIN erc20_transfers t ON t.chain_id = s.chain_id AND t.address = s.reserve AND t.block_number = s.block_number
                               AND t.tx_hash = s.tx_hash AND t.from_address = s.user_address AND t.value = s.amount AND t.log_index < s.log_index
        WHERE s.chain_id = $1 AND s.block_number <= $2
        GROUP BY 1, 2, 3),
     a_tokens AS (SELECT DISTINCT ON (market, reserve) market, reserve, a_token FROM candidates ORDER BY market, reserve, hits DESC, a_token)
     SELECT a.market, a.reserve, a.a_token,
            ${netTransfersSql('$1', 'a.reserve', 'a.a_token', '$2')}::text AS balance
       FROM a_tokens a`,
    [chainId, atBlock],
  )) as Row[];
  return new Map(rows.map((row) => {
    const balance = big(row.balance);
    return [`${String(row.market)}:${String(row.reserve)}`, { aToken: String(row.a_token), availableRaw: balance > 0n ? balance : 0n }];
  }));
}

/**
 * Every Aave V3 reserve of a chain as of `atBlock` (time `atTimestampSec`), from indexed events only: the asset its
 * aToken holds (DefiLlama's lending TVL) and its debt, replayed from Borrow/Repay/LiquidationCall at the indexes of
 * `ReserveDataUpdated` and compounded to `atTimestampSec` (`replayAaveV3Debt`). Exact when the Pool and its assets
 * are indexed from the Pool's deployment; the cost is linear in the Pool's events.
 * @throws {InvalidLendingEventError} for events that cannot be replayed (corrupt data).
 */
export async function loadLendingInputs(db: Database, chainId: number, atBlock: number, atTimestampSec: number): Promise<LoadedLendingReserve[]> {
  const [events, balances] = await Promise.all([loadDebtEvents(db, chainId, atBlock), loadATokenBalances(db, chainId, atBlock)]);
  return replayAaveV3Debt(events, atTimestampSec).map((debt) => {
    const holding = balances.get(`${debt.market}:${debt.reserve}`);
    return {
      market: debt.market, reserve: debt.reserve, aToken: holding?.aToken ?? null, availableRaw: holding?.availableRaw ?? 0n,
      variableDebtRaw: debt.variableDebtRaw, stableDebtRaw: debt.stableDebtRaw,
    };
  });
}
