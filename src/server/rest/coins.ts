import type { ChainRepository } from '../../datasources/db/repositories/chainRepository.js';
import { KNOWN_CHAINS } from './restSupport.js';

/** Most coins one request may ask for. */
export const MAX_COINS = 100;
const COIN = /^([a-z0-9-]+):(0x[0-9a-fA-F]{40})$/;

/** A requested coin resolved to a registered chain; `id` is the key as asked. */
export interface WantedCoin {
  id: string;
  chainId: number;
  address: string;
}

/** Splits a comma-separated coins path parameter and checks every id; returns the ids or the problem. */
export function parseCoinIds(coins: string): { ids: string[] } | { error: string } {
  const ids = coins.split(',').map((s) => s.trim()).filter((s) => s.length > 0);
  if (ids.length === 0 || ids.length > MAX_COINS) return { error: `coins: between 1 and ${MAX_COINS} comma-separated chain:address ids (got ${ids.length})` };
  const bad = ids.find((id) => !COIN.test(id));
  if (bad !== undefined) return { error: `coins: ${JSON.stringify(bad.slice(0, 100))} is not chain:0x followed by 40 hex digits` };
  return { ids };
}

/**
 * Resolves checked coin ids to registered chains by slug (registered name, or the DefiLlama slug of a known chain
 * id). Coins on unknown chains are dropped, as DefiLlama leaves out coins it cannot price.
 */
export async function resolveCoins(chains: ChainRepository, ids: string[]): Promise<WantedCoin[]> {
  const chainBySlug = new Map<string, number>();
  for (const c of await chains.list()) {
    chainBySlug.set(c.name.toLowerCase(), c.chainId);
    const known = KNOWN_CHAINS[c.chainId];
    if (known) chainBySlug.set(known.slug, c.chainId);
  }
  return ids.flatMap((id) => {
    const [, chain, address] = COIN.exec(id)!;
    const chainId = chainBySlug.get(chain!);
    return chainId === undefined ? [] : [{ id, chainId, address: address!.toLowerCase() }];
  });
}
