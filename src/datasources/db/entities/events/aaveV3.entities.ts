import { Entity } from 'typeorm';
import { AddressColumn, AmountColumn, BoolColumn, EventRowBase, IntColumn, type EventRow } from './eventRow.js';

// `user` is a reserved word in Postgres: the column is user_address.

/** Aave V3 Pool `Supply` logs. */
@Entity({ name: 'aave_v3_supplies' })
export class AaveV3SupplyEntity extends EventRowBase implements EventRow<'aaveV3Supply'> {
  @AddressColumn('reserve')
  reserve: string;

  @AddressColumn('user_address')
  user: string;

  @AddressColumn('on_behalf_of')
  onBehalfOf: string;

  @AmountColumn('amount')
  amount: bigint;

  @IntColumn('referral_code')
  referralCode: number;
}

/** Aave V3 Pool `Withdraw` logs. */
@Entity({ name: 'aave_v3_withdraws' })
export class AaveV3WithdrawEntity extends EventRowBase implements EventRow<'aaveV3Withdraw'> {
  @AddressColumn('reserve')
  reserve: string;

  @AddressColumn('user_address')
  user: string;

  @AddressColumn('to_address')
  to: string;

  @AmountColumn('amount')
  amount: bigint;
}

/** Aave V3 Pool `Borrow` logs. */
@Entity({ name: 'aave_v3_borrows' })
export class AaveV3BorrowEntity extends EventRowBase implements EventRow<'aaveV3Borrow'> {
  @AddressColumn('reserve')
  reserve: string;

  @AddressColumn('user_address')
  user: string;

  @AddressColumn('on_behalf_of')
  onBehalfOf: string;

  @AmountColumn('amount')
  amount: bigint;

  @IntColumn('interest_rate_mode')
  interestRateMode: number;

  @AmountColumn('borrow_rate')
  borrowRate: bigint;

  @IntColumn('referral_code')
  referralCode: number;
}

/** Aave V3 Pool `Repay` logs. */
@Entity({ name: 'aave_v3_repays' })
export class AaveV3RepayEntity extends EventRowBase implements EventRow<'aaveV3Repay'> {
  @AddressColumn('reserve')
  reserve: string;

  @AddressColumn('user_address')
  user: string;

  @AddressColumn('repayer')
  repayer: string;

  @AmountColumn('amount')
  amount: bigint;

  @BoolColumn('use_a_tokens')
  useATokens: boolean;
}

/** Aave V3 (and V2) Pool `LiquidationCall` logs. */
@Entity({ name: 'aave_v3_liquidations' })
export class AaveV3LiquidationEntity extends EventRowBase implements EventRow<'aaveV3LiquidationCall'> {
  @AddressColumn('collateral_asset')
  collateralAsset: string;

  @AddressColumn('debt_asset')
  debtAsset: string;

  @AddressColumn('user_address')
  user: string;

  @AmountColumn('debt_to_cover')
  debtToCover: bigint;

  @AmountColumn('liquidated_collateral_amount')
  liquidatedCollateralAmount: bigint;

  @AddressColumn('liquidator')
  liquidator: string;

  @BoolColumn('receive_a_token')
  receiveAToken: boolean;
}

/** Aave V3 Pool `ReserveDataUpdated` logs (rates and indexes in ray). */
@Entity({ name: 'aave_v3_reserve_data_updates' })
export class AaveV3ReserveDataUpdateEntity extends EventRowBase implements EventRow<'aaveV3ReserveDataUpdated'> {
  @AddressColumn('reserve')
  reserve: string;

  @AmountColumn('liquidity_rate')
  liquidityRate: bigint;

  @AmountColumn('stable_borrow_rate')
  stableBorrowRate: bigint;

  @AmountColumn('variable_borrow_rate')
  variableBorrowRate: bigint;

  @AmountColumn('liquidity_index')
  liquidityIndex: bigint;

  @AmountColumn('variable_borrow_index')
  variableBorrowIndex: bigint;
}
