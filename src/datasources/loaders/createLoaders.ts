import DataLoader from 'dataloader';
import type { ChainEntity } from '../db/entities/chain.entity.js';
import type { ChainRepository } from '../db/repositories/chainRepository.js';
import type { CandleRow, SnapshotInterval, TokenAtKey, TokenPriceAtRow } from '../db/repositories/marketHistoryReads.js';
import type { ChainTotalsRow, MarketRepository, TokenPriceRow } from '../db/repositories/marketRepository.js';

/** Key of {@link createLoaders}' `tokenByKey`: `"<chainId>:<lowercase address>"`. */
export const tokenLoaderKey = (chainId: number, address: string): string => `${chainId}:${address.toLowerCase()}`;

/** Snapshot history the change loaders read: 7 days plus `getPercentChanges`' default one-day tolerance, plus an hour. */
const CHANGE_WINDOW_SEC = 8 * 86_400 + 3600;

type ValuePoints = { timestampSec: number; value: number }[];

/** Per-request DataLoaders: one SQL statement per batch, cached for the request only. */
export function createLoaders(repos: { chains: ChainRepository; market: MarketRepository }) {
  const candleLoaders = new Map<string, DataLoader<string, CandleRow[]>>();
  return {
    chainById: new DataLoader<number, ChainEntity | null>(async (ids) => {
      const rows = await repos.chains.getMany(ids);
      const byId = new Map(rows.map((row) => [row.chainId, row]));
      return ids.map((id) => byId.get(id) ?? null);
    }),
    /** Tokens with their current price, keyed by {@link tokenLoaderKey}; null for a token the market job has not seen. */
    tokenByKey: new DataLoader<string, TokenPriceRow | null>(async (keys) => {
      const rows = await repos.market.getTokens(keys.map(parseTokenKey));
      const byKey = new Map(rows.map((row) => [tokenLoaderKey(row.chainId, row.address), row]));
      return keys.map((key) => byKey.get(key) ?? null);
    }),
    /** Each chain's totals over its protocols; null for a chain without market data yet. */
    chainTotalsById: new DataLoader<number, ChainTotalsRow | null>(async (ids) => {
      const byId = new Map((await repos.market.getChainTotals(ids)).map((row) => [row.chainId, row]));
      return ids.map((id) => byId.get(id) ?? null);
    }),
    /** Each protocol's hourly TVL snapshots of the last 8 days (enough for change1d and change7d), summed over chains. */
    tvlSnapshotsBySlug: new DataLoader<string, ValuePoints>(async (slugs) => {
      const bySlug = await repos.market.getTvlSnapshotsSince(slugs, Math.floor(Date.now() / 1000) - CHANGE_WINDOW_SEC);
      return slugs.map((slug) => bySlug.get(slug) ?? []);
    }),
    /** Each chain's hourly TVL (sum of its protocols) of the last 8 days, for change1d and change7d. */
    chainTvlSnapshotsById: new DataLoader<number, ValuePoints>(async (ids) => {
      const byId = await repos.market.getChainTvlSnapshotsSince(ids, Math.floor(Date.now() / 1000) - CHANGE_WINDOW_SEC);
      return ids.map((id) => byId.get(id) ?? []);
    }),
    /**
     * Candles of tokens keyed by {@link tokenLoaderKey}, one loader per (interval, range) so that every token asking
     * for the same range shares one SQL statement.
     */
    candles(interval: SnapshotInterval, fromSec: number, toSec: number | null): DataLoader<string, CandleRow[]> {
      const cacheKey = `${interval}:${fromSec}:${toSec}`;
      let loader = candleLoaders.get(cacheKey);
      if (!loader) {
        loader = new DataLoader<string, CandleRow[]>(async (keys) => {
          const rows = await repos.market.getCandles(keys.map(parseTokenKey), interval, fromSec, toSec);
          const byKey = new Map<string, CandleRow[]>(keys.map((key) => [key, []]));
          for (const row of rows) byKey.get(tokenLoaderKey(row.chainId, row.address))?.push(row);
          return keys.map((key) => byKey.get(key) ?? []);
        });
        candleLoaders.set(cacheKey, loader);
      }
      return loader;
    },
    /** Token prices as of a point in time (see `getTokenPricesAt`), batched across tokens and points. */
    tokenAt: new DataLoader<TokenAtKey, TokenPriceAtRow, string>(
      async (keys) => repos.market.getTokenPricesAt(keys.map((k) => ({ ...k, address: k.address.toLowerCase() }))),
      { cacheKeyFn: (k) => `${k.chainId}:${k.address.toLowerCase()}:${k.number}:${k.timestampSec}` },
    ),
  };
}

function parseTokenKey(key: string): { chainId: number; address: string } {
  const [chainId, address] = key.split(':');
  return { chainId: Number(chainId), address: address ?? '' };
}

export type Loaders = ReturnType<typeof createLoaders>;
