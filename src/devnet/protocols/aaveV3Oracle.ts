import { getAddress, zeroAddress, type Address, type TransactionReceipt } from 'viem';
import { aaveV3AddressesProviderAbi, aaveV3OracleAbi } from './aaveV3Abis.js';
import type { TxClients as AaveV3Clients } from '../clients.js';
import { confirmTransaction } from '../confirmTransaction.js';
import { deployContract } from '../deployContract.js';
import { loadAaveV3Artifact } from './aaveV3Artifacts.js';
import { AaveV3Error } from './aaveV3Errors.js';

/** AaveOracle quotes in USD with 8 decimals (BASE_CURRENCY = address(0), BASE_CURRENCY_UNIT = 1e8), like Chainlink USD feeds. */
export const AAVE_V3_BASE_CURRENCY_UNIT = 100_000_000n;

/**
 * Converts a USD price to the aggregator's 8-decimal answer, rounding to the nearest 1e-8 USD.
 * Throws `AaveV3Error` unless `priceUsd` is finite and positive (AaveOracle falls back on answers <= 0).
 */
export function toAggregatorAnswer(priceUsd: number): bigint {
  const answer = Math.round(priceUsd * 1e8);
  if (!Number.isFinite(priceUsd) || answer <= 0 || !Number.isSafeInteger(answer)) {
    throw new AaveV3Error(`Invalid USD price ${priceUsd}`, { details: 'expected a finite price of at least 0.00000001 USD' });
  }
  return BigInt(answer);
}

/** Deploys one `MockAggregator` answering `priceUsd` (its constructor emits `AnswerUpdated`) and returns its address. */
export async function deployMockAggregator(clients: AaveV3Clients, priceUsd: number): Promise<Address> {
  const { address } = await deployContract(clients, { artifact: loadAaveV3Artifact('MockAggregator'), args: [toAggregatorAnswer(priceUsd)] });
  return address;
}

/**
 * Deploys a MockAggregator per asset and an AaveOracle over them (USD base, no fallback oracle), then registers the
 * oracle with `PoolAddressesProvider.setPriceOracle`. Returns the oracle and the aggregator per checksummed asset.
 */
export async function deployAaveV3Oracle(
  clients: AaveV3Clients,
  params: { addressesProvider: Address; prices: readonly { asset: Address; priceUsd: number }[] },
): Promise<{ oracle: Address; aggregators: Record<Address, Address> }> {
  const aggregators: Record<Address, Address> = {};
  const assets: Address[] = [];
  const sources: Address[] = [];
  for (const { asset, priceUsd } of params.prices) {
    const aggregator = await deployMockAggregator(clients, priceUsd);
    aggregators[getAddress(asset)] = aggregator;
    assets.push(asset);
    sources.push(aggregator);
  }
  const { address: oracle } = await deployContract(clients, {
    artifact: loadAaveV3Artifact('AaveOracle'),
    args: [params.addressesProvider, assets, sources, zeroAddress, zeroAddress, AAVE_V3_BASE_CURRENCY_UNIT],
  });
  await confirmTransaction(
    clients.publicClient,
    clients.walletClient.writeContract({ address: params.addressesProvider, abi: aaveV3AddressesProviderAbi, functionName: 'setPriceOracle', args: [oracle] }),
    { label: 'setPriceOracle' },
  );
  return { oracle, aggregators };
}

/**
 * Moves an asset's oracle price. `MockAggregator` in @aave/core-v3 1.19 has no setter (its answer is immutable and
 * `AnswerUpdated` is only emitted by its constructor), so this deploys a new MockAggregator at `priceUsd` and points
 * the AaveOracle at it with `setAssetSources` (emits `AssetSourceUpdated`), exactly how governance swaps a feed.
 * The wallet must hold the pool-admin or asset-listing-admin role. Returns the new aggregator and the
 * `setAssetSources` receipt; earlier aggregator addresses (e.g. in `AaveV3Deployment.aggregators`) become stale.
 * @throws {AaveV3Error} on a bad price.
 * @throws {DevnetTransactionError} on a reverted transaction.
 */
export async function setAggregatorPrice(
  clients: AaveV3Clients,
  params: { oracle: Address; asset: Address; priceUsd: number },
): Promise<{ aggregator: Address; receipt: TransactionReceipt }> {
  const aggregator = await deployMockAggregator(clients, params.priceUsd);
  const receipt = await confirmTransaction(
    clients.publicClient,
    clients.walletClient.writeContract({ address: params.oracle, abi: aaveV3OracleAbi, functionName: 'setAssetSources', args: [[params.asset], [aggregator]] }),
    { label: 'setAssetSources' },
  );
  return { aggregator, receipt };
}

/** Reads `AaveOracle.getAssetPrice(asset)`: USD with 8 decimals. */
export async function getAssetPriceBase(
  publicClient: AaveV3Clients['publicClient'],
  params: { oracle: Address; asset: Address },
): Promise<bigint> {
  return publicClient.readContract({ address: params.oracle, abi: aaveV3OracleAbi, functionName: 'getAssetPrice', args: [params.asset] });
}
