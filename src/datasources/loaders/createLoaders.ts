import DataLoader from 'dataloader';
import type { ChainEntity } from '../db/entities/chain.entity.js';
import type { ChainRepository } from '../db/repositories/chainRepository.js';
import type { ChainTotalsRow, MarketRepository, TokenPriceRow } from '../db/repositories/marketRepository.js';

/** Key of {@link createLoaders}' `tokenByKey`: `"<chainId>:<lowercase address>"`. */
export const tokenLoaderKey = (chainId: number, address: string): string => `${chainId}:${address.toLowerCase()}`;

/** Per-request DataLoaders: one SQL statement per batch, cached for the request only. */
export function createLoaders(repos: { chains: ChainRepository; market: MarketRepository }) {
  return {
    chainById: new DataLoader<number, ChainEntity | null>(async (ids) => {
      const rows = await repos.chains.getMany(ids);
      const byId = new Map(rows.map((row) => [row.chainId, row]));
      return ids.map((id) => byId.get(id) ?? null);
    }),
    /** Tokens with their current price, keyed by {@link tokenLoaderKey}; null for a token the market job has not seen. */
    tokenByKey: new DataLoader<string, TokenPriceRow | null>(async (keys) => {
      const parsed = keys.map((key) => {
        const [chainId, address] = key.split(':');
        return { chainId: Number(chainId), address: address ?? '' };
      });
      const rows = await repos.market.getTokens(parsed);
      const byKey = new Map(rows.map((row) => [tokenLoaderKey(row.chainId, row.address), row]));
      return keys.map((key) => byKey.get(key) ?? null);
    }),
    /** Each chain's totals over its protocols; null for a chain without market data yet. */
    chainTotalsById: new DataLoader<number, ChainTotalsRow | null>(async (ids) => {
      const byId = new Map((await repos.market.getChainTotals(ids)).map((row) => [row.chainId, row]));
      return ids.map((id) => byId.get(id) ?? null);
    }),
    /** Each protocol's hourly TVL snapshots of the last two days (enough for change1d), summed over chains. */
    tvlSnapshotsBySlug: new DataLoader<string, { timestampSec: number; value: number }[]>(async (slugs) => {
      const bySlug = await repos.market.getTvlSnapshotsSince(slugs, Math.floor(Date.now() / 1000) - 2 * 86_400);
      return slugs.map((slug) => bySlug.get(slug) ?? []);
    }),
  };
}

export type Loaders = ReturnType<typeof createLoaders>;
