import { parseAbiItem } from 'viem';
import { defineEventDecoder, fitInt, lower } from './defineEventDecoder.js';

/** Aave V3 Pool `Supply`. */
export const aaveV3SupplyAbi = parseAbiItem(
  'event Supply(address indexed reserve, address user, address indexed onBehalfOf, uint256 amount, uint16 indexed referralCode)',
);
/** Aave V3 Pool `Withdraw`. */
export const aaveV3WithdrawAbi = parseAbiItem('event Withdraw(address indexed reserve, address indexed user, address indexed to, uint256 amount)');
/** Aave V3 Pool `Borrow`. */
export const aaveV3BorrowAbi = parseAbiItem(
  'event Borrow(address indexed reserve, address user, address indexed onBehalfOf, uint256 amount, uint8 interestRateMode, uint256 borrowRate, uint16 indexed referralCode)',
);
/** Aave V3 Pool `Repay`. */
export const aaveV3RepayAbi = parseAbiItem('event Repay(address indexed reserve, address indexed user, address indexed repayer, uint256 amount, bool useATokens)');
/** Aave V3 Pool `LiquidationCall`; Aave V2's LendingPool emits the same signature. */
export const aaveV3LiquidationCallAbi = parseAbiItem(
  'event LiquidationCall(address indexed collateralAsset, address indexed debtAsset, address indexed user, uint256 debtToCover, uint256 liquidatedCollateralAmount, address liquidator, bool receiveAToken)',
);
/** Aave V3 Pool `ReserveDataUpdated`. */
export const aaveV3ReserveDataUpdatedAbi = parseAbiItem(
  'event ReserveDataUpdated(address indexed reserve, uint256 liquidityRate, uint256 stableBorrowRate, uint256 variableBorrowRate, uint256 liquidityIndex, uint256 variableBorrowIndex)',
);

/** Decoders of the Aave V3 Pool events. */
export const aaveV3Decoders = [
  defineEventDecoder('aaveV3Supply', aaveV3SupplyAbi, (args, position) => ({
    kind: 'aaveV3Supply',
    ...position,
    reserve: lower(args.reserve),
    user: lower(args.user),
    onBehalfOf: lower(args.onBehalfOf),
    amount: args.amount,
    referralCode: fitInt(args.referralCode, 16, false, 'referralCode'),
  })),
  defineEventDecoder('aaveV3Withdraw', aaveV3WithdrawAbi, (args, position) => ({
    kind: 'aaveV3Withdraw',
    ...position,
    reserve: lower(args.reserve),
    user: lower(args.user),
    to: lower(args.to),
    amount: args.amount,
  })),
  defineEventDecoder('aaveV3Borrow', aaveV3BorrowAbi, (args, position) => ({
    kind: 'aaveV3Borrow',
    ...position,
    reserve: lower(args.reserve),
    user: lower(args.user),
    onBehalfOf: lower(args.onBehalfOf),
    amount: args.amount,
    interestRateMode: fitInt(args.interestRateMode, 8, false, 'interestRateMode'),
    borrowRate: args.borrowRate,
    referralCode: fitInt(args.referralCode, 16, false, 'referralCode'),
  })),
  defineEventDecoder('aaveV3Repay', aaveV3RepayAbi, (args, position) => ({
    kind: 'aaveV3Repay',
    ...position,
    reserve: lower(args.reserve),
    user: lower(args.user),
    repayer: lower(args.repayer),
    amount: args.amount,
    useATokens: args.useATokens,
  })),
  defineEventDecoder('aaveV3LiquidationCall', aaveV3LiquidationCallAbi, (args, position) => ({
    kind: 'aaveV3LiquidationCall',
    ...position,
    collateralAsset: lower(args.collateralAsset),
    debtAsset: lower(args.debtAsset),
    user: lower(args.user),
    debtToCover: args.debtToCover,
    liquidatedCollateralAmount: args.liquidatedCollateralAmount,
    liquidator: lower(args.liquidator),
    receiveAToken: args.receiveAToken,
  })),
  defineEventDecoder('aaveV3ReserveDataUpdated', aaveV3ReserveDataUpdatedAbi, (args, position) => ({
    kind: 'aaveV3ReserveDataUpdated',
    ...position,
    reserve: lower(args.reserve),
    liquidityRate: args.liquidityRate,
    stableBorrowRate: args.stableBorrowRate,
    variableBorrowRate: args.variableBorrowRate,
    liquidityIndex: args.liquidityIndex,
    variableBorrowIndex: args.variableBorrowIndex,
  })),
] as const;
