import { getAddress, type Address } from 'viem';
import { aaveV3DataProviderAbi } from './aaveV3Abis.js';
import {
  configureReserves,
  deployCore,
  deployLibraries,
  deployRateStrategies,
  deployTokenImpls,
  initReserves,
  validateReserves,
  type AaveV3Core,
  type AaveV3LibraryName,
  type AaveV3RateStrategyKind,
  type AaveV3ReserveConfig,
  type AaveV3TokenImpls,
} from './aaveV3Deploy.js';
import { deployAaveV3Oracle } from './aaveV3Oracle.js';
import type { TxClients } from '../clients.js';

/** The clients every Aave V3 devnet helper needs (the shared `TxClients`). */
export type AaveV3Clients = TxClients;
export type { AaveV3RateStrategyKind, AaveV3ReserveConfig } from './aaveV3Deploy.js';
export { loadAaveV3Artifact } from './aaveV3Artifacts.js';
export { AaveV3Error } from './aaveV3Errors.js';
export { setAggregatorPrice, getAssetPriceBase, toAggregatorAnswer } from './aaveV3Oracle.js';
export {
  supply,
  borrow,
  repay,
  withdraw,
  liquidate,
  getUserAccountData,
  isLiquidatable,
  AAVE_V3_HEALTH_FACTOR_ONE,
  type AaveV3UserAccountData,
} from './aaveV3Actions.js';

/** Parameters of `deployAaveV3`. The wallet's account becomes owner, ACL admin, pool/risk/emergency admin. */
export interface DeployAaveV3Parameters extends AaveV3Clients {
  reserves: readonly AaveV3ReserveConfig[];
  /** PoolAddressesProvider market id. Default `'Aave V3 Devnet'`. */
  marketId?: string;
  /** Receiver of reserve-factor income (aToken treasury). Default: the deployer. */
  treasury?: Address;
}

/** Everything `deployAaveV3` deployed. Per-asset records are keyed by the checksummed underlying address. */
export interface AaveV3Deployment extends AaveV3Core {
  oracle: Address;
  libraries: Record<AaveV3LibraryName, Address>;
  tokenImpls: AaveV3TokenImpls;
  interestRateStrategies: Partial<Record<AaveV3RateStrategyKind, Address>>;
  /** The MockAggregator per asset at deployment; `setAggregatorPrice` replaces it (see there). */
  aggregators: Record<Address, Address>;
  aTokens: Record<Address, Address>;
  stableDebtTokens: Record<Address, Address>;
  variableDebtTokens: Record<Address, Address>;
  /** The block after the head when deployment began: no deployment event is earlier (an indexer's start block). */
  startBlock: bigint;
  /** The head after the last deployment receipt: every deployment event is at or before it. */
  endBlock: bigint;
  /** Transactions the deployer sent (nonce delta). */
  txCount: number;
}

/**
 * Deploys a complete Aave V3 market (@aave/core-v3 1.19 artifacts) on a dev chain, following aave-v3-deploy:
 * logic libraries (linked into Pool / PoolConfigurator at their `linkReferences`), addresses provider + registry,
 * data provider, ACL, Pool and PoolConfigurator proxies, MockAggregator feeds behind AaveOracle (USD, 8 decimals),
 * token implementations, rate strategies, `initReserves`, then collateral, borrowing, reserve-factor, flash-loan
 * and cap settings per reserve. Sends every transaction sequentially from the wallet's account.
 * @throws {AaveV3Error} on invalid reserve parameters (before any tx).
 * @throws {DevnetTransactionError} when a deployment step reverts.
 */
export async function deployAaveV3(params: DeployAaveV3Parameters): Promise<AaveV3Deployment> {
  const { walletClient, publicClient, reserves } = params;
  const clients: AaveV3Clients = { walletClient, publicClient };
  validateReserves(reserves);
  const admin = walletClient.account.address;
  const startNonce = await publicClient.getTransactionCount({ address: admin, blockTag: 'pending' });
  // cacheTime 0: viem serves getBlockNumber from a cache as old as the polling interval.
  const startBlock = (await publicClient.getBlockNumber({ cacheTime: 0 })) + 1n;

  const libraries = await deployLibraries(clients);
  const core = await deployCore(clients, { admin, marketId: params.marketId ?? 'Aave V3 Devnet', libraries });
  const { oracle, aggregators } = await deployAaveV3Oracle(clients, { addressesProvider: core.addressesProvider, prices: reserves });
  const tokenImpls = await deployTokenImpls(clients, core.pool);
  const interestRateStrategies = await deployRateStrategies(clients, core.addressesProvider, reserves);
  await initReserves(clients, {
    poolConfigurator: core.poolConfigurator,
    impls: tokenImpls,
    strategies: interestRateStrategies,
    reserves,
    treasury: params.treasury ?? admin,
  });
  await configureReserves(clients, core.poolConfigurator, reserves);

  const aTokens: Record<Address, Address> = {};
  const stableDebtTokens: Record<Address, Address> = {};
  const variableDebtTokens: Record<Address, Address> = {};
  for (const { asset } of reserves) {
    const [aToken, stableDebtToken, variableDebtToken] = await publicClient.readContract({
      address: core.dataProvider, abi: aaveV3DataProviderAbi, functionName: 'getReserveTokensAddresses', args: [asset],
    });
    const key = getAddress(asset);
    aTokens[key] = aToken;
    stableDebtTokens[key] = stableDebtToken;
    variableDebtTokens[key] = variableDebtToken;
  }
  const endNonce = await publicClient.getTransactionCount({ address: admin, blockTag: 'pending' });
  return {
    ...core,
    oracle,
    libraries,
    tokenImpls,
    interestRateStrategies,
    aggregators,
    aTokens,
    stableDebtTokens,
    variableDebtTokens,
    startBlock,
    endBlock: await publicClient.getBlockNumber({ cacheTime: 0 }),
    txCount: endNonce - startNonce,
  };
}
