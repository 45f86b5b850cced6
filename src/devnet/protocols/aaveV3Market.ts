import type { TxClients } from '../clients.js';
import { deployAaveV3, type AaveV3Deployment, type AaveV3ReserveConfig } from './aaveV3.js';
import type { DevnetToken } from './tokens.js';

/** Risk settings of one devnet reserve (the asset and its price come from the token list). */
export type AaveReserveSpec = Omit<AaveV3ReserveConfig, 'asset' | 'decimals' | 'priceUsd'>;

const VOLATILE = { borrowingEnabled: true, rateStrategy: 'volatile' } as const;
const STABLE = { borrowingEnabled: true, rateStrategy: 'stable' } as const;

/** The reserves every devnet chain lists, in listing order, with mainnet-like collateral settings. */
export const DEVNET_AAVE_RESERVE_SPECS: readonly AaveReserveSpec[] = [
  { symbol: 'WETH', ltvBps: 8_000, liquidationThresholdBps: 8_250, liquidationBonusBps: 500, ...VOLATILE },
  { symbol: 'USDC', ltvBps: 7_700, liquidationThresholdBps: 8_000, liquidationBonusBps: 450, ...STABLE },
  { symbol: 'USDT', ltvBps: 7_500, liquidationThresholdBps: 7_800, liquidationBonusBps: 450, ...STABLE },
  { symbol: 'DAI', ltvBps: 7_500, liquidationThresholdBps: 8_000, liquidationBonusBps: 500, ...STABLE },
  { symbol: 'WBTC', ltvBps: 7_000, liquidationThresholdBps: 7_500, liquidationBonusBps: 650, ...VOLATILE },
  { symbol: 'LINK', ltvBps: 5_300, liquidationThresholdBps: 6_800, liquidationBonusBps: 700, ...VOLATILE },
];

/** An Aave V3 market deployment plus the reserves' configs as listed. */
export interface DevnetAaveMarket extends AaveV3Deployment {
  reserves: AaveV3ReserveConfig[];
}

/**
 * Deploys the devnet's Aave V3 market over `tokens` (WETH included) with MockAggregator feeds at the tokens'
 * reference prices. The deployer becomes every admin.
 * @throws {RangeError} when a reserve's token is missing.
 * @throws {AaveV3Error | DevnetTransactionError} on a bad config or a reverted step.
 */
export async function deployAaveV3Market(
  clients: TxClients,
  tokens: readonly DevnetToken[],
  specs: readonly AaveReserveSpec[] = DEVNET_AAVE_RESERVE_SPECS,
): Promise<DevnetAaveMarket> {
  const reserves = specs.map((spec): AaveV3ReserveConfig => {
    const token = tokens.find((candidate) => candidate.symbol === spec.symbol);
    if (!token) throw new RangeError(`No token for Aave reserve ${spec.symbol}`);
    return { ...spec, asset: token.address, decimals: token.decimals, priceUsd: token.referencePriceUsd };
  });
  const market = await deployAaveV3({ ...clients, reserves });
  return { ...market, reserves };
}
