import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { ConfigError } from './configError.js';
import { mainnetRegistry } from './mainnetRegistry.js';

const address = z.string().regex(/^0x[0-9a-fA-F]{40}$/, 'a 0x address');
const addressList = z.array(address).default([]);

/**
 * A Chainlink-style USD feed and the token it prices. `decimals` defaults to 8 (Chainlink USD feeds, Aave's
 * MockAggregator); `heartbeatSec` is the age after which its answer is stale (default: the pricing default, 3600 s).
 */
const priceFeedSchema = z
  .object({
    aggregator: address,
    asset: address,
    decimals: z.number().int().min(0).max(255).optional(),
    heartbeatSec: z.number().int().min(1).max(31_536_000).optional(),
  })
  .passthrough();

/** Contracts whose events the indexer decodes. Factories' children (pairs, pools) are discovered from their events. */
const sourcesSchema = z.object({
  tokens: addressList,
  uniswapV2Factories: addressList,
  uniswapV3Factories: addressList,
  aaveV3Pools: addressList,
  // A bare address is indexed but prices nothing; `{ aggregator, asset }` also prices `asset` from it.
  priceFeeds: z.array(z.union([address, priceFeedSchema], { error: 'an aggregator address or { aggregator, asset, decimals?, heartbeatSec? }' })).default([]),
});

const rpcUrl = z.string().regex(/^https?:\/\/\S+$/, 'an http(s) URL');
const wsUrl = z.string().regex(/^wss?:\/\/\S+$/, 'a ws(s) URL');

/** One chain as the chains file describes it. The devnet manifest's `chains` entries are valid input. */
export const chainFileEntrySchema = z
  .object({
    chainId: z.number().int().positive(),
    name: z.string().regex(/^[a-z0-9][a-z0-9-]{0,39}$/, 'lowercase slug'),
    rpcUrl: rpcUrl.optional(),
    rpcUrls: z.array(rpcUrl).min(1).optional(),
    wsUrl: wsUrl.optional(),
    wsUrls: z.array(wsUrl).optional(),
    finalityDepth: z.number().int().min(0).max(10_000).optional(),
    startBlock: z.number().int().min(0).optional(),
    pollIntervalMs: z.number().int().min(50).max(600_000).optional(),
    sources: sourcesSchema.optional(),
    // The devnet manifest's shape: sources are derived from it when `sources` is absent.
    contracts: z.record(z.string(), address).optional(),
    tokens: z.array(z.object({ address }).passthrough()).optional(),
    priceFeeds: z.array(priceFeedSchema).optional(),
    maxLogRange: z.number().int().min(1).max(1_000_000).optional(),
    useRegistry: z.boolean().optional(),
  })
  .passthrough()
  .refine((c) => c.rpcUrl !== undefined || (c.rpcUrls?.length ?? 0) > 0, 'rpcUrl or rpcUrls is required');

const chainsFileSchema = z.object({ chains: z.array(chainFileEntrySchema).min(1) }).passthrough();

/** Contracts to index on a chain (lowercase addresses). */
export interface ChainSources {
  tokens: string[];
  uniswapV2Factories: string[];
  uniswapV3Factories: string[];
  aaveV3Pools: string[];
  /** Aggregators whose `AnswerUpdated` logs are indexed. */
  priceFeeds: string[];
}

/** A USD price feed the market job prices a token from (addresses lowercase). */
export interface PriceFeedConfig {
  aggregator: string;
  /** The token the feed prices in USD. */
  asset: string;
  /** Decimals of the answer. Default 8. */
  decimals: number;
  /** Age after which an answer is stale; undefined = the pricing default (3600 s). */
  heartbeatSec: number | undefined;
}

/** Decimals of a feed's answer when the config does not say: Chainlink USD feeds and Aave's MockAggregator use 8. */
export const DEFAULT_FEED_DECIMALS = 8;

/** A chain the platform follows. */
export interface ChainConfig {
  chainId: number;
  name: string;
  /** HTTP RPC URLs in fallback order. */
  rpcUrls: string[];
  /** WebSocket RPC URLs in fallback order; empty means polling only. */
  wsUrls: string[];
  /** Blocks behind the head after which a block is treated as final. Default 12. */
  finalityDepth: number;
  /** First block to index. Default: the head at first start. */
  startBlock: number | undefined;
  /** Polling interval when no WebSocket is available or it drops. Default 1000. */
  pollIntervalMs: number;
  /** What to decode. Default: nothing (headers only). */
  sources: ChainSources;
  /** Largest eth_getLogs block range; the indexer adapts below it. Default 2000. */
  maxLogRange: number;
  /**
   * USD feeds with the token each prices (their aggregators are also in `sources.priceFeeds`). Several feeds may
   * price one asset (a devnet feed change deploys a new aggregator): the market job uses the newest answer.
   * Default none.
   */
  priceFeeds?: PriceFeedConfig[];
}

/** No contracts: headers only. */
export const NO_SOURCES: ChainSources = { tokens: [], uniswapV2Factories: [], uniswapV3Factories: [], aaveV3Pools: [], priceFeeds: [] };

type ChainEntry = z.infer<typeof chainFileEntrySchema>;
type FeedEntry = z.infer<typeof priceFeedSchema>;

function lower(list: string[]): string[] {
  return [...new Set(list.map((a) => a.toLowerCase()))];
}

const aggregatorOf = (feed: string | FeedEntry): string => (typeof feed === 'string' ? feed : feed.aggregator);

/** The feeds that price an asset: top-level `priceFeeds` (manifest shape) and object entries of `sources.priceFeeds`. */
function priceFeedsOf(entry: ChainEntry, variable: string): PriceFeedConfig[] {
  const objects = [...(entry.priceFeeds ?? []), ...(entry.sources?.priceFeeds ?? []).filter((f): f is FeedEntry => typeof f !== 'string')];
  const byAggregator = new Map<string, PriceFeedConfig>();
  for (const feed of objects) {
    const parsed: PriceFeedConfig = {
      aggregator: feed.aggregator.toLowerCase(),
      asset: feed.asset.toLowerCase(),
      decimals: feed.decimals ?? DEFAULT_FEED_DECIMALS,
      heartbeatSec: feed.heartbeatSec,
    };
    const known = byAggregator.get(parsed.aggregator);
    if (known && (known.asset !== parsed.asset || known.decimals !== parsed.decimals || known.heartbeatSec !== parsed.heartbeatSec)) {
      throw new ConfigError(variable, `one definition per price feed on chain ${entry.chainId}`, `${parsed.aggregator} listed twice with different assets or settings`);
    }
    byAggregator.set(parsed.aggregator, parsed);
  }
  return [...byAggregator.values()];
}

/** Explicit `sources` (plus the mainnet registry's with `useRegistry`), or the ones a devnet manifest implies. */
function sourcesOf(entry: ChainEntry): ChainSources {
  const registry = entry.useRegistry ? mainnetRegistry[entry.chainId] : undefined;
  if (entry.useRegistry && !registry) {
    throw new ConfigError('CHAINS_CONFIG', `useRegistry only on chains in the registry (${Object.keys(mainnetRegistry).join(', ')})`, String(entry.chainId));
  }
  if (registry) {
    const s = entry.sources;
    return {
      tokens: lower(s?.tokens ?? []),
      uniswapV2Factories: lower([...registry.uniswapV2Factories, ...(s?.uniswapV2Factories ?? [])]),
      uniswapV3Factories: lower([...registry.uniswapV3Factories, ...(s?.uniswapV3Factories ?? [])]),
      aaveV3Pools: lower([...registry.aaveV3Pools, ...(s?.aaveV3Pools ?? [])]),
      priceFeeds: lower((s?.priceFeeds ?? []).map(aggregatorOf)),
    };
  }
  if (entry.sources) {
    const s = entry.sources;
    return { tokens: lower(s.tokens), uniswapV2Factories: lower(s.uniswapV2Factories), uniswapV3Factories: lower(s.uniswapV3Factories), aaveV3Pools: lower(s.aaveV3Pools), priceFeeds: lower(s.priceFeeds.map(aggregatorOf)) };
  }
  const c = entry.contracts ?? {};
  const pick = (...keys: string[]) => lower(keys.flatMap((k) => (c[k] ? [c[k]] : [])));
  return {
    tokens: lower([...(entry.tokens ?? []).map((t) => t.address), ...pick('WETH9')]),
    uniswapV2Factories: pick('UniswapV2Factory'),
    uniswapV3Factories: pick('UniswapV3Factory'),
    aaveV3Pools: pick('AaveV3Pool'),
    priceFeeds: lower((entry.priceFeeds ?? []).map((f) => f.aggregator)),
  };
}

/** Parses a chains file (JSON text); throws ConfigError naming `variable` on any problem. */
export function parseChainsFile(text: string, variable = 'CHAINS_CONFIG'): ChainConfig[] {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new ConfigError(variable, 'a JSON file with { "chains": [...] }', `unparseable JSON: ${(error as Error).message}`);
  }
  const parsed = chainsFileSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue ? issue.path.join('.') : '';
    throw new ConfigError(variable, `a chains file with valid entries (${where}: ${issue?.message ?? 'invalid'})`);
  }
  const ids = new Set<number>();
  return parsed.data.chains.map((c) => {
    if (ids.has(c.chainId)) throw new ConfigError(variable, 'unique chain ids', `chainId ${c.chainId} twice`);
    ids.add(c.chainId);
    const priceFeeds = priceFeedsOf(c, variable);
    const sources = sourcesOf(c);
    return {
      chainId: c.chainId,
      name: c.name,
      rpcUrls: c.rpcUrls ?? (c.rpcUrl ? [c.rpcUrl] : []),
      wsUrls: c.wsUrls ?? (c.wsUrl ? [c.wsUrl] : []),
      finalityDepth: c.finalityDepth ?? 12,
      startBlock: c.startBlock,
      pollIntervalMs: c.pollIntervalMs ?? 1000,
      // A feed that prices an asset is always indexed.
      sources: { ...sources, priceFeeds: lower([...sources.priceFeeds, ...priceFeeds.map((f) => f.aggregator)]) },
      maxLogRange: c.maxLogRange ?? 2000,
      priceFeeds,
    };
  });
}

/** Reads and parses the chains file at `path`. */
export function loadChainsFile(path: string, variable = 'CHAINS_CONFIG'): ChainConfig[] {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    throw new ConfigError(variable, 'a readable JSON file path', path);
  }
  return parseChainsFile(text, variable);
}
