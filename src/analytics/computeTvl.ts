import { getLendingReserveTvl, type LendingReserveInput, type LendingReserveTvl } from './getLendingReserveTvl.js';
import { getPoolTvl, type PoolTvl, type PoolTvlInput } from './getPoolTvl.js';
import { tokenKey } from './tokenKey.js';
import type { PriceMap } from './types.js';

/** Input of {@link computeTvl}: one snapshot of holdings and the prices to value them. */
export interface ComputeTvlInput {
  pools?: readonly PoolTvlInput[];
  lendingReserves?: readonly LendingReserveInput[];
  /** Keyed by `tokenKey`; `priceTokens()` output fits. */
  prices: PriceMap;
  /** Prices below this confidence are treated as missing (flagged, worth 0). Default 0. */
  minConfidence?: number;
}

/** TVL and borrowed of one protocol on one chain. */
export interface ChainAmounts {
  chainId: number;
  tvlUsd: number;
  borrowedUsd: number;
}

/** A protocol's TVL: the sum of its pools, plus supplied minus borrowed of its lending reserves. */
export interface ProtocolTvl {
  protocol: string;
  tvlUsd: number;
  /** Lending only: outstanding borrows, reported apart and never inside `tvlUsd` (DefiLlama's `borrowed`). */
  borrowedUsd: number;
  chains: ChainAmounts[];
  unpricedTokens: string[];
}

/** A chain's TVL: the sum of its protocols. */
export interface ChainTvl extends ChainAmounts {
  protocols: number;
  unpricedTokens: string[];
}

/** Every level of TVL at once; lists are sorted by `tvlUsd`, largest first. */
export interface TvlBreakdown {
  pools: PoolTvl[];
  lendingReserves: LendingReserveTvl[];
  protocols: ProtocolTvl[];
  chains: ChainTvl[];
  totalTvlUsd: number;
  totalBorrowedUsd: number;
  /** tokenKeys that had no usable price anywhere: they counted 0. */
  unpricedTokens: string[];
}

interface Accumulator {
  tvlUsd: number;
  borrowedUsd: number;
  unpriced: Set<string>;
}

const byTvl = <T extends { tvlUsd: number }>(items: T[], key: (item: T) => string): T[] =>
  items.sort((a, b) => b.tvlUsd - a.tvlUsd || key(a).localeCompare(key(b)));

/**
 * TVL per pool, lending reserve, protocol, chain and overall, from one snapshot. A protocol's TVL is exactly the
 * sum of its pools' and reserves' TVL; a chain's is the sum of its protocols'; `borrowedUsd` is summed apart.
 * Unpriced tokens count 0 and are listed at every level where they occur.
 * @throws what `getPoolTvl` and `getLendingReserveTvl` throw for bad holdings.
 */
export function computeTvl(input: ComputeTvlInput): TvlBreakdown {
  const minConfidence = input.minConfidence ?? 0;
  const pools = (input.pools ?? []).map((pool) => getPoolTvl(pool, input.prices, minConfidence));
  const reserves = (input.lendingReserves ?? []).map((reserve) => getLendingReserveTvl(reserve, input.prices, minConfidence));
  const perProtocolChain = new Map<string, Map<number, Accumulator>>();
  const add = (protocol: string, chainId: number, tvlUsd: number, borrowedUsd: number, unpriced: string[]): void => {
    const chains = perProtocolChain.get(protocol) ?? new Map<number, Accumulator>();
    perProtocolChain.set(protocol, chains);
    const acc = chains.get(chainId) ?? { tvlUsd: 0, borrowedUsd: 0, unpriced: new Set<string>() };
    chains.set(chainId, acc);
    acc.tvlUsd += tvlUsd;
    acc.borrowedUsd += borrowedUsd;
    for (const key of unpriced) acc.unpriced.add(key);
  };
  for (const pool of pools) add(pool.protocol, pool.chainId, pool.tvlUsd, 0, pool.unpricedTokens);
  for (const r of reserves) add(r.protocol, r.chainId, r.tvlUsd, r.borrowedUsd, r.priceUsd === null ? [tokenKey(r.chainId, r.token)] : []);

  const protocols: ProtocolTvl[] = [];
  const chainAcc = new Map<number, Accumulator & { protocols: number }>();
  for (const [protocol, chains] of perProtocolChain) {
    const unpriced = new Set<string>();
    const entries: ChainAmounts[] = [];
    for (const [chainId, acc] of chains) {
      entries.push({ chainId, tvlUsd: acc.tvlUsd, borrowedUsd: acc.borrowedUsd });
      const chain = chainAcc.get(chainId) ?? { tvlUsd: 0, borrowedUsd: 0, unpriced: new Set<string>(), protocols: 0 };
      chainAcc.set(chainId, chain);
      chain.tvlUsd += acc.tvlUsd;
      chain.borrowedUsd += acc.borrowedUsd;
      chain.protocols += 1;
      for (const key of acc.unpriced) {
        unpriced.add(key);
        chain.unpriced.add(key);
      }
    }
    const sum = (pick: (entry: ChainAmounts) => number): number => entries.reduce((total, entry) => total + pick(entry), 0);
    const chainsSorted = byTvl(entries, (entry) => String(entry.chainId));
    protocols.push({ protocol, tvlUsd: sum((e) => e.tvlUsd), borrowedUsd: sum((e) => e.borrowedUsd), chains: chainsSorted, unpricedTokens: [...unpriced].sort() });
  }
  const chains: ChainTvl[] = [...chainAcc].map(([chainId, acc]) => ({
    chainId,
    tvlUsd: acc.tvlUsd,
    borrowedUsd: acc.borrowedUsd,
    protocols: acc.protocols,
    unpricedTokens: [...acc.unpriced].sort(),
  }));
  return {
    pools: byTvl(pools, (pool) => `${String(pool.chainId)}:${pool.address}`),
    lendingReserves: byTvl(reserves, (r) => `${String(r.chainId)}:${r.market}:${r.token}`),
    protocols: byTvl(protocols, (p) => p.protocol),
    chains: byTvl(chains, (chain) => String(chain.chainId)),
    totalTvlUsd: chains.reduce((total, chain) => total + chain.tvlUsd, 0),
    totalBorrowedUsd: chains.reduce((total, chain) => total + chain.borrowedUsd, 0),
    unpricedTokens: [...new Set(chains.flatMap((chain) => chain.unpricedTokens))].sort(),
  };
}
