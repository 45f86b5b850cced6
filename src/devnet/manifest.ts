import { getAddress, isAddress, type Address } from 'viem';
import { z } from 'zod';

/** The manifest format version this module writes and reads. */
export const DEVNET_MANIFEST_VERSION = 1;

/** A checksummed (EIP-55) address. */
export const checksumAddressSchema = z
  .string()
  .refine((value) => isAddress(value, { strict: true }) && getAddress(value) === value, 'a checksummed address')
  .transform((value) => value as Address);

const manifestTokenSchema = z.object({
  address: checksumAddressSchema,
  symbol: z.string().min(1),
  name: z.string().min(1),
  decimals: z.number().int().min(0).max(255),
});

const manifestPoolSchema = z.object({
  protocol: z.string().min(1),
  address: checksumAddressSchema,
  token0: checksumAddressSchema,
  token1: checksumAddressSchema,
  /** Uniswap V3 fee tier in hundredths of a basis point (absent for V2 pairs). */
  fee: z.number().int().positive().optional(),
});

/** A price feed (Chainlink-style aggregator) the lending oracle used for `asset` at some point. */
const manifestPriceFeedSchema = z.object({
  asset: checksumAddressSchema,
  symbol: z.string().min(1),
  aggregator: checksumAddressSchema,
});

/** A lending market's reserve and its receipt/debt tokens. */
const manifestMarketSchema = z.object({
  protocol: z.string().min(1),
  asset: checksumAddressSchema,
  symbol: z.string().min(1),
  aToken: checksumAddressSchema,
  stableDebtToken: checksumAddressSchema,
  variableDebtToken: checksumAddressSchema,
});

const manifestProtocolSchema = z.object({
  slug: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'lowercase slug'),
  name: z.string().min(1),
  category: z.string().min(1),
  contracts: z.array(checksumAddressSchema),
});

/** One chain of the devnet manifest; also a valid entry of the platform's chains file. */
export const devnetManifestChainSchema = z.looseObject({
  chainId: z.number().int().positive(),
  name: z.string().regex(/^[a-z0-9][a-z0-9-]{0,39}$/, 'lowercase slug'),
  rpcUrl: z.string().regex(/^https?:\/\/\S+$/, 'an http(s) URL'),
  wsUrl: z.string().regex(/^wss?:\/\/\S+$/, 'a ws(s) URL'),
  finalityDepth: z.number().int().min(0),
  startBlock: z.number().int().min(0),
  contracts: z.record(z.string(), checksumAddressSchema),
  tokens: z.array(manifestTokenSchema),
  pools: z.array(manifestPoolSchema),
  protocols: z.array(manifestProtocolSchema),
  /**
   * Every feed known when the manifest was written (deployment and fast-forwarded history). The oracle helper
   * moves a price by deploying a new MockAggregator and calling `AaveOracle.setAssetSources`, so feeds created
   * later are announced on chain by `AssetSourceUpdated(asset, source)` events of `contracts.AaveOracle`.
   */
  priceFeeds: z.array(manifestPriceFeedSchema),
  markets: z.array(manifestMarketSchema),
});

/** The file `startDevnet` writes: what runs where, read by the platform's chain config loader. */
export const devnetManifestSchema = z.looseObject({
  version: z.literal(DEVNET_MANIFEST_VERSION),
  seed: z.number().int().min(0),
  createdAt: z.iso.datetime(),
  chains: z.array(devnetManifestChainSchema).min(1),
});

export type DevnetManifest = z.infer<typeof devnetManifestSchema>;
export type DevnetManifestChain = z.infer<typeof devnetManifestChainSchema>;
export type DevnetManifestToken = z.infer<typeof manifestTokenSchema>;
export type DevnetManifestPool = z.infer<typeof manifestPoolSchema>;
export type DevnetManifestProtocol = z.infer<typeof manifestProtocolSchema>;
export type DevnetManifestPriceFeed = z.infer<typeof manifestPriceFeedSchema>;
export type DevnetManifestMarket = z.infer<typeof manifestMarketSchema>;

/**
 * Validates parsed JSON as a devnet manifest.
 * @throws {z.ZodError} when a key is missing or an address is not checksummed.
 */
export function parseDevnetManifest(json: unknown): DevnetManifest {
  return devnetManifestSchema.parse(json);
}
