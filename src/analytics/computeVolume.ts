import { assertNonNegativeNumber } from './assertNonNegativeNumber.js';
import type { PricedSwap } from './priceSwaps.js';

/** The rolling windows, in seconds. */
export const VOLUME_WINDOWS_SEC = { '24h': 86_400, '7d': 7 * 86_400, '30d': 30 * 86_400 } as const;

/** Swap volume and fees over the rolling windows, USD. */
export interface VolumeWindows {
  volumeUsd24h: number;
  volumeUsd7d: number;
  volumeUsd30d: number;
  feesUsd24h: number;
  feesUsd7d: number;
  feesUsd30d: number;
}

/** Volume and fees over the rolling windows ending at `nowSec`. */
export interface VolumeStats extends VolumeWindows {
  swapCount24h: number;
  /** Swaps in the last 24h that could not be valued (neither token priced at their block). */
  unpricedSwapCount24h: number;
}

/** Volume at every level. Lists are sorted by `volumeUsd24h`, largest first. */
export interface VolumeBreakdown {
  pools: (VolumeStats & { chainId: number; pool: string; protocol: string })[];
  protocols: (VolumeStats & { protocol: string })[];
  chains: (VolumeStats & { chainId: number })[];
  total: VolumeStats;
}

const emptyStats = (): VolumeStats => ({
  volumeUsd24h: 0, volumeUsd7d: 0, volumeUsd30d: 0, feesUsd24h: 0, feesUsd7d: 0, feesUsd30d: 0, swapCount24h: 0, unpricedSwapCount24h: 0,
});

function addSwap(stats: VolumeStats, swap: PricedSwap, ageSec: number): void {
  if (ageSec < VOLUME_WINDOWS_SEC['30d']) {
    stats.volumeUsd30d += swap.volumeUsd;
    stats.feesUsd30d += swap.feesUsd;
  }
  if (ageSec < VOLUME_WINDOWS_SEC['7d']) {
    stats.volumeUsd7d += swap.volumeUsd;
    stats.feesUsd7d += swap.feesUsd;
  }
  if (ageSec < VOLUME_WINDOWS_SEC['24h']) {
    stats.volumeUsd24h += swap.volumeUsd;
    stats.feesUsd24h += swap.feesUsd;
    stats.swapCount24h += 1;
    if (!swap.priced) stats.unpricedSwapCount24h += 1;
  }
}

function entry<K, V extends VolumeStats>(map: Map<K, V>, key: K, create: () => V): V {
  const existing = map.get(key);
  if (existing) return existing;
  const created = create();
  map.set(key, created);
  return created;
}

const by24h = <T extends VolumeStats>(items: T[]): T[] => items.sort((a, b) => b.volumeUsd24h - a.volumeUsd24h);

/**
 * Sums priced swaps into 24h / 7d / 30d volume and fees per pool, protocol, chain and overall. A window is
 * `(nowSec - span, nowSec]`: a swap exactly `span` seconds old is out, one at `nowSec` is in, later ones are ignored.
 * @throws {InvalidNumberError} for a bad `nowSec`.
 */
export function computeVolume(swaps: readonly PricedSwap[], nowSec: number): VolumeBreakdown {
  assertNonNegativeNumber('nowSec', nowSec);
  const pools = new Map<string, VolumeStats & { chainId: number; pool: string; protocol: string }>();
  const protocols = new Map<string, VolumeStats & { protocol: string }>();
  const chains = new Map<number, VolumeStats & { chainId: number }>();
  const total = emptyStats();
  for (const swap of swaps) {
    const ageSec = nowSec - swap.timestampSec;
    if (ageSec < 0 || ageSec >= VOLUME_WINDOWS_SEC['30d']) continue;
    const { chainId, pool, protocol } = swap;
    addSwap(entry(pools, `${String(chainId)}:${pool}`, () => ({ ...emptyStats(), chainId, pool, protocol })), swap, ageSec);
    addSwap(entry(protocols, protocol, () => ({ ...emptyStats(), protocol })), swap, ageSec);
    addSwap(entry(chains, chainId, () => ({ ...emptyStats(), chainId })), swap, ageSec);
    addSwap(total, swap, ageSec);
  }
  return { pools: by24h([...pools.values()]), protocols: by24h([...protocols.values()]), chains: by24h([...chains.values()]), total };
}
