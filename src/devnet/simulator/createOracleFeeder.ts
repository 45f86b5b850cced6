import { encodeDeployData, encodeFunctionData, getContractAddress, type Address, type Hash, type Hex, type LocalAccount } from 'viem';
import { mnemonicToAccount } from 'viem/accounts';
import type { DevnetClients } from '../clients.js';
import { confirmTransaction } from '../confirmTransaction.js';
import { DEVNET_MNEMONIC } from '../constants.js';
import { aaveV3AclManagerAbi, aaveV3OracleAbi } from '../protocols/aaveV3Abis.js';
import { loadAaveV3Artifact } from '../protocols/aaveV3Artifacts.js';
import { toAggregatorAnswer } from '../protocols/aaveV3Oracle.js';
import type { PriceWorld, TickInfo } from './types.js';

/** Options of {@link createOracleFeeder}. */
export interface CreateOracleFeederOptions {
  clients: DevnetClients;
  oracle: Address;
  aclManager: Address;
  /** Reserves to feed, with their first aggregators (deployed with the market). */
  assets: readonly { asset: Address; symbol: string; aggregator: Address; priceUsd: number }[];
  prices: PriceWorld;
  /** Push when the reference moved this much since the last push (Chainlink's deviation threshold). Default 50 bps. */
  deviationBps?: number;
  /** Threshold for symbols in `stableSymbols`. Default 10 bps. */
  stableDeviationBps?: number;
  stableSymbols?: readonly string[];
  /** Push at least this often in simulated time. Default 3,600 s. */
  heartbeatSec?: number;
  /** Signs the updates. Default mnemonic account 1 ("oracle keeper"), granted the asset-listing-admin role in `setup`. */
  keeper?: LocalAccount;
}

/** Pushes reference prices to the Aave oracle. */
export interface OracleFeeder {
  keeper: Address;
  /** Grants the keeper the asset-listing-admin role (deployer transaction; expects automining). Runs once. */
  setup(): Promise<void>;
  /**
   * Sends this tick's feed updates (a MockAggregator deployment per moved asset, then one `setAssetSources`),
   * at the top of the block (10 gwei tip). Returns the transaction hashes (empty when nothing moved).
   */
  update(tick: TickInfo, baseFeePerGas: bigint): Promise<Hash[]>;
  /** Every aggregator used so far, in order of use (the deployment's first). */
  feeds(): { asset: Address; aggregator: Address }[];
}

const TIP = 10_000_000_000n;
const DEPLOY_GAS = 400_000n;
const SET_SOURCES_GAS_BASE = 80_000n;
const SET_SOURCES_GAS_PER_ASSET = 40_000n;

/**
 * Builds the oracle keeper of one chain. MockAggregator answers are immutable, so a price moves the way
 * `setAggregatorPrice` does it: a new aggregator, then `AaveOracle.setAssetSources` (which emits
 * `AssetSourceUpdated`). An asset is pushed when its reference moved past the deviation threshold, when it was
 * shocked this tick, or when the heartbeat expired. The keeper's nonce is tracked here (nothing else signs for
 * it), so aggregator addresses are known before they are mined.
 */
export function createOracleFeeder(options: CreateOracleFeederOptions): OracleFeeder {
  const { clients, prices } = options;
  const keeper = options.keeper ?? mnemonicToAccount(DEVNET_MNEMONIC, { addressIndex: 1 });
  const stable = new Set(options.stableSymbols ?? ['USDC', 'USDT', 'DAI']);
  const heartbeatSec = BigInt(options.heartbeatSec ?? 3600);
  const last = new Map(options.assets.map((entry) => [entry.asset, { priceUsd: entry.priceUsd, atSec: undefined as bigint | undefined }]));
  const feeds = options.assets.map(({ asset, aggregator }) => ({ asset, aggregator }));
  const artifact = loadAaveV3Artifact('MockAggregator');
  let nonce: number | undefined;
  let settingUp: Promise<void> | undefined;

  const due = (asset: Address, symbol: string, tick: TickInfo): boolean => {
    const previous = last.get(asset)!;
    if (previous.atSec === undefined) previous.atSec = tick.timestampSec;
    const threshold = (stable.has(symbol) ? (options.stableDeviationBps ?? 10) : (options.deviationBps ?? 50)) / 10_000;
    const moved = Math.abs(prices.priceUsd(symbol) / previous.priceUsd - 1) >= threshold;
    return moved || prices.shock(symbol) !== 1 || tick.timestampSec - previous.atSec >= heartbeatSec;
  };

  const send = async (data: Hex, to: Address | undefined, gas: bigint, baseFeePerGas: bigint): Promise<Hash> => {
    nonce ??= await clients.publicClient.getTransactionCount({ address: keeper.address, blockTag: 'pending' });
    const serializedTransaction = await keeper.signTransaction({
      chainId: clients.chain.id, type: 'eip1559', nonce, to, data, gas, maxPriorityFeePerGas: TIP, maxFeePerGas: baseFeePerGas * 2n + TIP,
    });
    try {
      const hash = await clients.publicClient.sendRawTransaction({ serializedTransaction });
      nonce++;
      return hash;
    } catch (error) {
      nonce = undefined;
      throw error;
    }
  };

  return {
    keeper: keeper.address,
    setup() {
      settingUp ??= (async () => {
        await confirmTransaction(
          clients.publicClient,
          clients.walletClient.writeContract({ address: options.aclManager, abi: aaveV3AclManagerAbi, functionName: 'addAssetListingAdmin', args: [keeper.address] }),
          { label: 'grant the oracle keeper' },
        );
      })();
      return settingUp;
    },
    async update(tick, baseFeePerGas) {
      const moved = options.assets.filter(({ asset, symbol }) => due(asset, symbol, tick));
      if (moved.length === 0) return [];
      const hashes: Hash[] = [];
      const sources: Address[] = [];
      for (const { asset, symbol } of moved) {
        const priceUsd = prices.priceUsd(symbol);
        nonce ??= await clients.publicClient.getTransactionCount({ address: keeper.address, blockTag: 'pending' });
        const aggregator = getContractAddress({ from: keeper.address, nonce: BigInt(nonce) });
        const data = encodeDeployData({ abi: artifact.abi, bytecode: artifact.bytecode, args: [toAggregatorAnswer(priceUsd)] });
        hashes.push(await send(data, undefined, DEPLOY_GAS, baseFeePerGas));
        sources.push(aggregator);
        feeds.push({ asset, aggregator });
        last.set(asset, { priceUsd, atSec: tick.timestampSec });
      }
      const data = encodeFunctionData({ abi: aaveV3OracleAbi, functionName: 'setAssetSources', args: [moved.map(({ asset }) => asset), sources] });
      const gas = SET_SOURCES_GAS_BASE + SET_SOURCES_GAS_PER_ASSET * BigInt(moved.length);
      hashes.push(await send(data, options.oracle, gas, baseFeePerGas));
      return hashes;
    },
    feeds: () => feeds.map((feed) => ({ ...feed })),
  };
}
