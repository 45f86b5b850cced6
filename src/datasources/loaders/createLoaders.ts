import DataLoader from 'dataloader';
import type { ChainEntity } from '../db/entities/chain.entity.js';
import type { ChainRepository } from '../db/repositories/chainRepository.js';

/** Per-request DataLoaders: one SQL statement per batch, cached for the request only. */
export function createLoaders(repos: { chains: ChainRepository }) {
  return {
    chainById: new DataLoader<number, ChainEntity | null>(async (ids) => {
      const rows = await repos.chains.getMany(ids);
      const byId = new Map(rows.map((row) => [row.chainId, row]));
      return ids.map((id) => byId.get(id) ?? null);
    }),
  };
}

export type Loaders = ReturnType<typeof createLoaders>;
