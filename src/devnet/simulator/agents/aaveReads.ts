import type { Address, BlockTag } from 'viem';
import { erc20Abi } from '../../abis.js';
import { aaveV3DataProviderAbi, aaveV3OracleAbi, aaveV3PoolAbi } from '../../protocols/aaveV3Abis.js';
import type { DevnetToken } from '../../protocols/tokens.js';
import { readMany, type ReadCall } from '../readMany.js';
import type { SimWorld } from '../types.js';

/** Risk settings of one reserve, as listed. */
export interface ReserveConfig {
  asset: Address;
  token: DevnetToken;
  ltvBps: number;
  liquidationThresholdBps: number;
  /** Aave's form: 10_500 = 5 % bonus. */
  liquidationBonusBps: number;
}

/** `getUserAccountData`: base values are USD with 8 decimals, health factor in WAD. */
export interface AccountData {
  collateralBase: bigint;
  debtBase: bigint;
  availableBorrowsBase: bigint;
  liquidationThresholdBps: bigint;
  ltvBps: bigint;
  healthFactor: bigint;
}

/** Health factor 1.0 (WAD). */
export const HEALTH_FACTOR_ONE = 10n ** 18n;

function aaveOf(world: SimWorld) {
  const aave = world.deployment.aave;
  if (!aave) throw new RangeError('This agent needs the Aave market');
  return aave;
}

/** Reads every reserve's risk settings (once per agent: they never change). */
export async function readReserveConfigs(world: SimWorld): Promise<ReserveConfig[]> {
  const aave = aaveOf(world);
  const results = await readMany(world, aave.reserves.map((asset) => ({ address: aave.dataProvider, abi: aaveV3DataProviderAbi, functionName: 'getReserveConfigurationData', args: [asset] })));
  return aave.reserves.map((asset, i) => {
    const config = results[i] as readonly bigint[];
    const token = world.deployment.tokens.find((candidate) => candidate.address.toLowerCase() === asset.toLowerCase());
    if (!token) throw new RangeError(`Unknown reserve ${asset}`);
    return { asset, token, ltvBps: Number(config[1]), liquidationThresholdBps: Number(config[2]), liquidationBonusBps: Number(config[3]) };
  });
}

/** The oracle read of every reserve's price (USD, 8 decimals). */
export function oraclePricesCall(world: SimWorld): ReadCall {
  const aave = aaveOf(world);
  return { address: aave.oracle, abi: aaveV3OracleAbi, functionName: 'getAssetsPrices', args: [[...aave.reserves]] };
}

/** Decodes {@link oraclePricesCall}'s result into a price per reserve. */
export function decodeOraclePrices(world: SimWorld, result: unknown): Map<Address, bigint> {
  const prices = result as readonly bigint[];
  return new Map(aaveOf(world).reserves.map((asset, i) => [asset, prices[i]!]));
}

/** Oracle prices (USD, 8 decimals) of every reserve. */
export async function readOraclePrices(world: SimWorld, blockTag: BlockTag = 'latest'): Promise<Map<Address, bigint>> {
  const [result] = await readMany(world, [oraclePricesCall(world)], blockTag);
  return decodeOraclePrices(world, result);
}

/** `getUserAccountData` reads of each user. */
export function accountCalls(world: SimWorld, users: readonly Address[]): ReadCall[] {
  const aave = aaveOf(world);
  return users.map((user) => ({ address: aave.pool, abi: aaveV3PoolAbi, functionName: 'getUserAccountData', args: [user] }));
}

/** Decodes {@link accountCalls} results. */
export function decodeAccounts(results: readonly unknown[]): AccountData[] {
  return results.map((result) => {
    const [collateralBase, debtBase, availableBorrowsBase, liquidationThresholdBps, ltvBps, healthFactor] = result as readonly bigint[];
    return { collateralBase: collateralBase!, debtBase: debtBase!, availableBorrowsBase: availableBorrowsBase!, liquidationThresholdBps: liquidationThresholdBps!, ltvBps: ltvBps!, healthFactor: healthFactor! };
  });
}

/** `getUserAccountData` of each user, in one `eth_call`. */
export async function readAccounts(world: SimWorld, users: readonly Address[], blockTag: BlockTag = 'latest'): Promise<AccountData[]> {
  return decodeAccounts(await readMany(world, accountCalls(world, users), blockTag));
}

/** A user's supplied (aToken) and variable-debt balance per reserve, in base units of the asset. */
export async function readPositions(world: SimWorld, user: Address, blockTag: BlockTag = 'latest'): Promise<Map<Address, { supplied: bigint; debt: bigint }>> {
  const aave = aaveOf(world);
  const tokens = aave.reserves.flatMap((asset) => [aave.aTokens?.[asset], aave.variableDebtTokens?.[asset]]);
  const calls = tokens.flatMap((token): ReadCall[] => (token ? [{ address: token, abi: erc20Abi, functionName: 'balanceOf', args: [user] }] : []));
  const results = await readMany(world, calls, blockTag);
  let next = 0;
  const value = (token: Address | undefined) => (token ? (results[next++] as bigint) : 0n);
  return new Map(aave.reserves.map((asset) => {
    const supplied = value(aave.aTokens?.[asset]);
    return [asset, { supplied, debt: value(aave.variableDebtTokens?.[asset]) }] as const;
  }));
}

/** Base units of an asset worth `base` (USD, 8 decimals) at `priceBase`. */
export function baseToRaw(base: bigint, priceBase: bigint, decimals: number): bigint {
  return priceBase === 0n ? 0n : (base * 10n ** BigInt(decimals)) / priceBase;
}

/** USD (8 decimals) value of `raw` base units at `priceBase`. */
export function rawToBase(raw: bigint, priceBase: bigint, decimals: number): bigint {
  return (raw * priceBase) / 10n ** BigInt(decimals);
}
