import { getAddress, parseUnits, zeroAddress, type Address, type Hash } from 'viem';
import type { Artifact } from '../artifacts.js';
import type { TxClients as AaveV3Clients } from '../clients.js';
import { confirmTransaction } from '../confirmTransaction.js';
import { deployContract } from '../deployContract.js';
import {
  aaveV3AclManagerAbi,
  aaveV3AddressesProviderAbi,
  aaveV3ATokenAbi,
  aaveV3DebtTokenAbi,
  aaveV3PoolAbi,
  aaveV3PoolConfiguratorAbi,
  aaveV3RegistryAbi,
} from './aaveV3Abis.js';
import { loadAaveV3Artifact, type AaveV3ContractName } from './aaveV3Artifacts.js';
import { AaveV3Error } from './aaveV3Errors.js';
import { toAggregatorAnswer } from './aaveV3Oracle.js';


/** Interest-rate curve families, with the parameters of aave-v3-deploy's rateStrategyVolatileOne / StableOne. */
export type AaveV3RateStrategyKind = 'volatile' | 'stable';

/** One reserve to list. Percentages are basis points of 10_000. */
export interface AaveV3ReserveConfig {
  asset: Address;
  symbol: string;
  decimals: number;
  /** Initial oracle price in USD (stored with 8 decimals, rounded). */
  priceUsd: number;
  ltvBps: number;
  liquidationThresholdBps: number;
  /** Liquidator premium in bps: 500 means a 5% bonus (Aave stores 10_500). Ignored when the threshold is 0. */
  liquidationBonusBps: number;
  borrowingEnabled: boolean;
  /** Share of interest to the treasury, in bps. Default 1_000. */
  reserveFactorBps?: number;
  /** Supply cap in whole tokens; `0n` means none. Default: not set (no cap). */
  supplyCap?: bigint;
  /** Borrow cap in whole tokens; `0n` means none. Default: not set (no cap). */
  borrowCap?: bigint;
  /** Interest-rate curve. Default `'volatile'`. */
  rateStrategy?: AaveV3RateStrategyKind;
}

/** The logic libraries linked into Pool and PoolConfigurator, in deployment order (FlashLoanLogic links BorrowLogic). */
export const AAVE_V3_LIBRARIES = [
  'SupplyLogic',
  'BorrowLogic',
  'LiquidationLogic',
  'EModeLogic',
  'BridgeLogic',
  'ConfiguratorLogic',
  'FlashLoanLogic',
  'PoolLogic',
] as const satisfies readonly AaveV3ContractName[];

/** A name from `AAVE_V3_LIBRARIES`. */
export type AaveV3LibraryName = (typeof AAVE_V3_LIBRARIES)[number];

/** Addresses of the core market contracts. `pool` and `poolConfigurator` are the proxies. */
export interface AaveV3Core {
  addressesProviderRegistry: Address;
  addressesProvider: Address;
  aclManager: Address;
  dataProvider: Address;
  pool: Address;
  poolImpl: Address;
  poolConfigurator: Address;
  poolConfiguratorImpl: Address;
}

/** Shared token implementations behind every reserve's proxies. */
export interface AaveV3TokenImpls {
  aToken: Address;
  stableDebtToken: Address;
  variableDebtToken: Address;
}

const RATE_STRATEGY_PARAMS: Record<AaveV3RateStrategyKind, readonly string[]> = {
  // optimalUsage, baseVariable, slope1, slope2, stableSlope1, stableSlope2, baseStableOffset, stableExcessOffset, optimalStableToTotal
  volatile: ['0.45', '0', '0.07', '3', '0.07', '3', '0.02', '0.05', '0.2'],
  stable: ['0.9', '0', '0.04', '0.6', '0.005', '0.6', '0.01', '0.08', '0.2'],
};
const INIT_RESERVES_CHUNK = 4;
const ADDRESSES_PROVIDER_ID = 1n;

/** Waits for the write behind `hash`; keeps each step below a one-liner. */
async function send(clients: AaveV3Clients, label: string, hash: Promise<Hash>): Promise<void> {
  await confirmTransaction(clients.publicClient, hash, { label });
}

/** Deploys `artifact` (libraries linked) and returns its checksummed address. */
async function deployArtifact(
  clients: AaveV3Clients,
  artifact: Artifact,
  args: readonly unknown[] = [],
  libraries: Readonly<Record<string, Address>> = {},
): Promise<Address> {
  const { address } = await deployContract(clients, { artifact, args, libraries });
  return address;
}

/**
 * Checks reserve parameters against the rules PoolConfigurator enforces, so a bad config fails before any tx.
 * Throws `AaveV3Error` naming the reserve.
 */
export function validateReserves(reserves: readonly AaveV3ReserveConfig[]): void {
  const seen = new Set<string>();
  for (const r of reserves) {
    const fail = (details: string): never => {
      throw new AaveV3Error(`Invalid Aave V3 reserve ${r.symbol}`, { details });
    };
    if (seen.has(getAddress(r.asset))) fail('asset listed twice');
    seen.add(getAddress(r.asset));
    if (!Number.isInteger(r.decimals) || r.decimals < 0 || r.decimals > 77) fail(`decimals ${r.decimals}`);
    if (r.ltvBps < 0 || r.ltvBps > r.liquidationThresholdBps) fail('need 0 <= ltvBps <= liquidationThresholdBps');
    if (r.liquidationThresholdBps > 0) {
      if (r.liquidationBonusBps <= 0 || r.liquidationBonusBps >= 10_000) fail('liquidationBonusBps is the premium, e.g. 500 for 5%');
      if (r.liquidationThresholdBps * (10_000 + r.liquidationBonusBps) > 10_000 * 10_000) {
        fail('liquidationThreshold x (1 + bonus) must not exceed 100%');
      }
    }
    if ((r.reserveFactorBps ?? 0) < 0 || (r.reserveFactorBps ?? 0) > 10_000) fail('reserveFactorBps out of range');
    if (!(Number.isFinite(r.priceUsd) && r.priceUsd >= 1e-8)) fail(`priceUsd ${r.priceUsd}`);
    toAggregatorAnswer(r.priceUsd);
  }
}

/** Deploys the logic libraries, linking already-deployed ones into the next (FlashLoanLogic needs BorrowLogic). */
export async function deployLibraries(clients: AaveV3Clients): Promise<Record<AaveV3LibraryName, Address>> {
  const libraries: Partial<Record<AaveV3LibraryName, Address>> = {};
  for (const name of AAVE_V3_LIBRARIES) {
    libraries[name] = await deployArtifact(clients, loadAaveV3Artifact(name), [], libraries as Record<string, Address>);
  }
  return libraries as Record<AaveV3LibraryName, Address>;
}

/**
 * Deploys the market core in aave-v3-deploy's order: registry, addresses provider, data provider, linked Pool and
 * PoolConfigurator implementations (initialized), ACL (admin set first, then manager and roles for `admin`),
 * then the Pool and PoolConfigurator proxies through the provider (the configurator proxy reads `getPool()`).
 */
export async function deployCore(
  clients: AaveV3Clients,
  params: { admin: Address; marketId: string; libraries: Readonly<Record<string, Address>> },
): Promise<AaveV3Core> {
  const { walletClient: w, publicClient } = clients;
  const { admin, marketId, libraries } = params;
  const addressesProviderRegistry = await deployArtifact(clients, loadAaveV3Artifact('PoolAddressesProviderRegistry'), [admin]);
  const addressesProvider = await deployArtifact(clients, loadAaveV3Artifact('PoolAddressesProvider'), [marketId, admin]);
  const provider = { address: addressesProvider, abi: aaveV3AddressesProviderAbi } as const;
  await send(clients, 'registerAddressesProvider', w.writeContract({
    address: addressesProviderRegistry, abi: aaveV3RegistryAbi, functionName: 'registerAddressesProvider',
    args: [addressesProvider, ADDRESSES_PROVIDER_ID],
  }));
  const dataProvider = await deployArtifact(clients, loadAaveV3Artifact('AaveProtocolDataProvider'), [addressesProvider]);
  await send(clients, 'setPoolDataProvider', w.writeContract({ ...provider, functionName: 'setPoolDataProvider', args: [dataProvider] }));

  const poolImpl = await deployArtifact(clients, loadAaveV3Artifact('Pool'), [addressesProvider], libraries);
  await send(clients, 'Pool.initialize', w.writeContract({ address: poolImpl, abi: aaveV3PoolAbi, functionName: 'initialize', args: [addressesProvider] }));
  const poolConfiguratorImpl = await deployArtifact(clients, loadAaveV3Artifact('PoolConfigurator'), [], libraries);
  await send(clients, 'PoolConfigurator.initialize', w.writeContract({
    address: poolConfiguratorImpl, abi: aaveV3PoolConfiguratorAbi, functionName: 'initialize', args: [addressesProvider],
  }));

  // ACLManager's constructor reads getACLAdmin() and reverts on zero, so the admin goes in first.
  await send(clients, 'setACLAdmin', w.writeContract({ ...provider, functionName: 'setACLAdmin', args: [admin] }));
  const aclManager = await deployArtifact(clients, loadAaveV3Artifact('ACLManager'), [addressesProvider]);
  await send(clients, 'setACLManager', w.writeContract({ ...provider, functionName: 'setACLManager', args: [aclManager] }));
  for (const functionName of ['addPoolAdmin', 'addRiskAdmin', 'addEmergencyAdmin'] as const) {
    await send(clients, functionName, w.writeContract({ address: aclManager, abi: aaveV3AclManagerAbi, functionName, args: [admin] }));
  }

  await send(clients, 'setPoolImpl', w.writeContract({ ...provider, functionName: 'setPoolImpl', args: [poolImpl] }));
  await send(clients, 'setPoolConfiguratorImpl', w.writeContract({ ...provider, functionName: 'setPoolConfiguratorImpl', args: [poolConfiguratorImpl] }));
  const pool = await publicClient.readContract({ ...provider, functionName: 'getPool' });
  const poolConfigurator = await publicClient.readContract({ ...provider, functionName: 'getPoolConfigurator' });
  return { addressesProviderRegistry, addressesProvider, aclManager, dataProvider, pool, poolImpl, poolConfigurator, poolConfiguratorImpl };
}

/** Deploys the AToken / StableDebtToken / VariableDebtToken implementations bound to `pool`, each initialized once. */
export async function deployTokenImpls(clients: AaveV3Clients, pool: Address): Promise<AaveV3TokenImpls> {
  const w = clients.walletClient;
  const aToken = await deployArtifact(clients, loadAaveV3Artifact('AToken'), [pool]);
  await send(clients, 'AToken.initialize', w.writeContract({
    address: aToken, abi: aaveV3ATokenAbi, functionName: 'initialize',
    args: [pool, zeroAddress, zeroAddress, zeroAddress, 0, 'ATOKEN_IMPL', 'ATOKEN_IMPL', '0x'],
  }));
  const debt = {} as Pick<AaveV3TokenImpls, 'stableDebtToken' | 'variableDebtToken'>;
  const debtImpls = [
    ['stableDebtToken', 'StableDebtToken', 'STABLE_DEBT_TOKEN_IMPL'],
    ['variableDebtToken', 'VariableDebtToken', 'VARIABLE_DEBT_TOKEN_IMPL'],
  ] as const;
  for (const [key, name, label] of debtImpls) {
    debt[key] = await deployArtifact(clients, loadAaveV3Artifact(name), [pool]);
    await send(clients, `${name}.initialize`, w.writeContract({
      address: debt[key], abi: aaveV3DebtTokenAbi, functionName: 'initialize',
      args: [pool, zeroAddress, zeroAddress, 0, label, label, '0x'],
    }));
  }
  return { aToken, ...debt };
}

/** Deploys one DefaultReserveInterestRateStrategy per kind the reserves use. */
export async function deployRateStrategies(
  clients: AaveV3Clients,
  addressesProvider: Address,
  reserves: readonly AaveV3ReserveConfig[],
): Promise<Partial<Record<AaveV3RateStrategyKind, Address>>> {
  const strategies: Partial<Record<AaveV3RateStrategyKind, Address>> = {};
  for (const kind of new Set(reserves.map((r) => r.rateStrategy ?? 'volatile'))) {
    const rays = RATE_STRATEGY_PARAMS[kind].map((v) => parseUnits(v, 27));
    strategies[kind] = await deployArtifact(clients, loadAaveV3Artifact('DefaultReserveInterestRateStrategy'), [addressesProvider, ...rays]);
  }
  return strategies;
}

/** Lists the reserves through `PoolConfigurator.initReserves` (in chunks, as the deploy scripts do) with `treasury`. */
export async function initReserves(
  clients: AaveV3Clients,
  params: {
    poolConfigurator: Address;
    impls: AaveV3TokenImpls;
    strategies: Partial<Record<AaveV3RateStrategyKind, Address>>;
    reserves: readonly AaveV3ReserveConfig[];
    treasury: Address;
  },
): Promise<void> {
  const { poolConfigurator, impls, strategies, reserves, treasury } = params;
  const inputs = reserves.map((r) => ({
    aTokenImpl: impls.aToken,
    stableDebtTokenImpl: impls.stableDebtToken,
    variableDebtTokenImpl: impls.variableDebtToken,
    underlyingAssetDecimals: r.decimals,
    interestRateStrategyAddress: strategies[r.rateStrategy ?? 'volatile'] ?? zeroAddress,
    underlyingAsset: r.asset,
    treasury,
    incentivesController: zeroAddress,
    aTokenName: `Aave Devnet ${r.symbol}`,
    aTokenSymbol: `aDev${r.symbol}`,
    variableDebtTokenName: `Aave Devnet Variable Debt ${r.symbol}`,
    variableDebtTokenSymbol: `variableDebtDev${r.symbol}`,
    stableDebtTokenName: `Aave Devnet Stable Debt ${r.symbol}`,
    stableDebtTokenSymbol: `stableDebtDev${r.symbol}`,
    params: '0x' as const,
  }));
  for (let i = 0; i < inputs.length; i += INIT_RESERVES_CHUNK) {
    const chunk = inputs.slice(i, i + INIT_RESERVES_CHUNK);
    await send(clients, 'initReserves', clients.walletClient.writeContract({
      address: poolConfigurator, abi: aaveV3PoolConfiguratorAbi, functionName: 'initReserves', args: [chunk],
    }));
  }
}

/** Sets collateral parameters, borrowing, reserve factor, flash loans and optional caps for each reserve. */
export async function configureReserves(
  clients: AaveV3Clients,
  poolConfigurator: Address,
  reserves: readonly AaveV3ReserveConfig[],
): Promise<void> {
  const cfg = { address: poolConfigurator, abi: aaveV3PoolConfiguratorAbi } as const;
  const w = clients.walletClient;
  for (const r of reserves) {
    const bonus = r.liquidationThresholdBps > 0 ? 10_000 + r.liquidationBonusBps : 0;
    await send(clients, `configureReserveAsCollateral ${r.symbol}`, w.writeContract({
      ...cfg, functionName: 'configureReserveAsCollateral',
      args: [r.asset, BigInt(r.ltvBps), BigInt(r.liquidationThresholdBps), BigInt(bonus)],
    }));
    if (r.borrowingEnabled) {
      await send(clients, `setReserveBorrowing ${r.symbol}`, w.writeContract({ ...cfg, functionName: 'setReserveBorrowing', args: [r.asset, true] }));
    }
    const reserveFactor = BigInt(r.reserveFactorBps ?? 1_000);
    await send(clients, `setReserveFactor ${r.symbol}`, w.writeContract({ ...cfg, functionName: 'setReserveFactor', args: [r.asset, reserveFactor] }));
    await send(clients, `setReserveFlashLoaning ${r.symbol}`, w.writeContract({ ...cfg, functionName: 'setReserveFlashLoaning', args: [r.asset, true] }));
    if (r.supplyCap !== undefined) {
      await send(clients, `setSupplyCap ${r.symbol}`, w.writeContract({ ...cfg, functionName: 'setSupplyCap', args: [r.asset, r.supplyCap] }));
    }
    if (r.borrowCap !== undefined) {
      await send(clients, `setBorrowCap ${r.symbol}`, w.writeContract({ ...cfg, functionName: 'setBorrowCap', args: [r.asset, r.borrowCap] }));
    }
  }
}
