import type { Address, Hash, TransactionReceipt } from 'viem';
import type { TxClients as AaveV3Clients } from '../clients.js';
import { confirmTransaction } from '../confirmTransaction.js';
import { ensureAllowance } from '../ensureAllowance.js';
import { aaveV3PoolAbi } from './aaveV3Abis.js';

/** Aave's `InterestRateMode.VARIABLE`; the devnet never opens stable-rate debt. */
const VARIABLE_RATE_MODE = 2n;

/** Health factor 1.0 in Aave's WAD (1e18); positions below it can be liquidated. */
export const AAVE_V3_HEALTH_FACTOR_ONE = 10n ** 18n;

/** `Pool.getUserAccountData`: base-currency values are USD with 8 decimals, `ltv`/threshold in bps, HF in WAD. */
export interface AaveV3UserAccountData {
  totalCollateralBase: bigint;
  totalDebtBase: bigint;
  availableBorrowsBase: bigint;
  currentLiquidationThresholdBps: bigint;
  ltvBps: bigint;
  /** 1e18 = 1.0; `maxUint256` when the user has no debt. */
  healthFactor: bigint;
}

/** Waits for a pool write; `label` names it in the error. */
function confirm(clients: AaveV3Clients, hash: Promise<Hash>, label: string): Promise<TransactionReceipt> {
  return confirmTransaction(clients.publicClient, hash, { label });
}

/**
 * Supplies `amountRaw` of `asset` to the pool for `onBehalfOf` (default: the wallet), approving the pool first if
 * needed. Emits `Supply` and `ReserveDataUpdated`. Throws viem's contract error or `AaveV3Error` on a revert.
 */
export async function supply(
  clients: AaveV3Clients,
  params: { pool: Address; asset: Address; amountRaw: bigint; onBehalfOf?: Address },
): Promise<TransactionReceipt> {
  await ensureAllowance(clients, { token: params.asset, spender: params.pool, amountRaw: params.amountRaw });
  return confirm(clients, clients.walletClient.writeContract({
    address: params.pool, abi: aaveV3PoolAbi, functionName: 'supply',
    args: [params.asset, params.amountRaw, params.onBehalfOf ?? clients.walletClient.account.address, 0],
  }), 'supply');
}

/**
 * Borrows `amountRaw` of `asset` at the variable rate against the wallet's collateral (or `onBehalfOf`'s, with
 * credit delegation). Emits `Borrow`. Throws when the position lacks collateral (Aave error `36`) or on any revert.
 */
export async function borrow(
  clients: AaveV3Clients,
  params: { pool: Address; asset: Address; amountRaw: bigint; onBehalfOf?: Address },
): Promise<TransactionReceipt> {
  return confirm(clients, clients.walletClient.writeContract({
    address: params.pool, abi: aaveV3PoolAbi, functionName: 'borrow',
    args: [params.asset, params.amountRaw, VARIABLE_RATE_MODE, 0, params.onBehalfOf ?? clients.walletClient.account.address],
  }), 'borrow');
}

/**
 * Repays variable debt of `asset` for `onBehalfOf` (default: the wallet), approving the pool first.
 * `amountRaw = maxUint256` repays the whole debt, which Aave only allows when repaying your own debt.
 * Emits `Repay`. Throws on a revert.
 */
export async function repay(
  clients: AaveV3Clients,
  params: { pool: Address; asset: Address; amountRaw: bigint; onBehalfOf?: Address },
): Promise<TransactionReceipt> {
  await ensureAllowance(clients, { token: params.asset, spender: params.pool, amountRaw: params.amountRaw });
  return confirm(clients, clients.walletClient.writeContract({
    address: params.pool, abi: aaveV3PoolAbi, functionName: 'repay',
    args: [params.asset, params.amountRaw, VARIABLE_RATE_MODE, params.onBehalfOf ?? clients.walletClient.account.address],
  }), 'repay');
}

/**
 * Withdraws `amountRaw` of `asset` (`maxUint256` = the whole aToken balance) to `to` (default: the wallet).
 * Emits `Withdraw`. Throws when the withdrawal would drop the health factor below 1 or on any revert.
 */
export async function withdraw(
  clients: AaveV3Clients,
  params: { pool: Address; asset: Address; amountRaw: bigint; to?: Address },
): Promise<TransactionReceipt> {
  return confirm(clients, clients.walletClient.writeContract({
    address: params.pool, abi: aaveV3PoolAbi, functionName: 'withdraw',
    args: [params.asset, params.amountRaw, params.to ?? clients.walletClient.account.address],
  }), 'withdraw');
}

/**
 * Liquidates `user`: repays up to `debtToCoverRaw` of `debtAsset` (`maxUint256` = as much as the close factor
 * allows) and seizes `collateralAsset` plus the liquidation bonus, as the underlying or as aTokens when
 * `receiveAToken` (default false). Approves the pool for the debt asset first. Emits `LiquidationCall`.
 * Throws when the user's health factor is not below 1 (Aave error `45`) or on any revert.
 */
export async function liquidate(
  clients: AaveV3Clients,
  params: {
    pool: Address;
    collateralAsset: Address;
    debtAsset: Address;
    user: Address;
    debtToCoverRaw: bigint;
    receiveAToken?: boolean;
  },
): Promise<TransactionReceipt> {
  await ensureAllowance(clients, { token: params.debtAsset, spender: params.pool, amountRaw: params.debtToCoverRaw });
  return confirm(clients, clients.walletClient.writeContract({
    address: params.pool, abi: aaveV3PoolAbi, functionName: 'liquidationCall',
    args: [params.collateralAsset, params.debtAsset, params.user, params.debtToCoverRaw, params.receiveAToken ?? false],
  }), 'liquidationCall');
}

/** Reads `Pool.getUserAccountData(user)` at the latest block. */
export async function getUserAccountData(
  publicClient: AaveV3Clients['publicClient'],
  params: { pool: Address; user: Address },
): Promise<AaveV3UserAccountData> {
  const [totalCollateralBase, totalDebtBase, availableBorrowsBase, currentLiquidationThresholdBps, ltvBps, healthFactor] =
    await publicClient.readContract({ address: params.pool, abi: aaveV3PoolAbi, functionName: 'getUserAccountData', args: [params.user] });
  return { totalCollateralBase, totalDebtBase, availableBorrowsBase, currentLiquidationThresholdBps, ltvBps, healthFactor };
}

/** Whether `data` describes a position that can be liquidated (health factor below 1.0). */
export function isLiquidatable(data: Pick<AaveV3UserAccountData, 'healthFactor'>): boolean {
  return data.healthFactor < AAVE_V3_HEALTH_FACTOR_ONE;
}
