import { computeTvl } from '../../analytics/computeTvl.js';
import { buildAaveV3Reserves } from '../../analytics/buildAaveV3Reserves.js';
import type { PoolStatRecord, ProtocolStatRecord } from '../../datasources/db/repositories/marketStateRepository.js';
import { computeVolume, type VolumeStats, type VolumeWindows } from '../../analytics/computeVolume.js';
import type { PricedSwap } from '../../analytics/priceSwaps.js';
import { priceSwapsAtHourlyCloses } from '../../analytics/priceSwapsAtHourlyCloses.js';
import { priceTokens } from '../../analytics/priceTokens.js';
import { tokenKey } from '../../analytics/tokenKey.js';
import type { TokenPrice } from '../../analytics/types.js';
import { toSwapPools, type MarketInputs } from './loadMarketInputs.js';

/** The stored volume and fee windows of a pool's or protocol's volume stats (0 without swaps). */
function windowsOf(stats: VolumeStats | undefined): VolumeWindows {
  return {
    volumeUsd24h: stats?.volumeUsd24h ?? 0, volumeUsd7d: stats?.volumeUsd7d ?? 0, volumeUsd30d: stats?.volumeUsd30d ?? 0,
    feesUsd24h: stats?.feesUsd24h ?? 0, feesUsd7d: stats?.feesUsd7d ?? 0, feesUsd30d: stats?.feesUsd30d ?? 0,
  };
}

/** The loaded swap groups valued at their hour's prices (groups of pools without token metadata are left out). */
function priceSwapGroups(inputs: MarketInputs, priceMap: Map<string, TokenPrice>): PricedSwap[] {
  const swapPools = toSwapPools(inputs);
  const known = new Set(swapPools.map((pool) => pool.address));
  const currentPrices = new Map<string, number>();
  for (const [key, price] of priceMap) if (price.priceUsd !== null) currentPrices.set(key, price.priceUsd);
  // A group is one "swap" of the summed amounts: values are linear in the amounts at a fixed price.
  const swaps = inputs.swapGroups.filter((group) => known.has(group.address)).map((group) => ({
    chainId: inputs.chainId, pool: group.address, blockNumber: group.blockNumber, logIndex: 0, timestampSec: group.timestampSec,
    amount0In: group.amount0Raw, amount0Out: 0n, amount1In: group.amount1Raw, amount1Out: 0n,
  }));
  return priceSwapsAtHourlyCloses({ swaps, pools: swapPools, hourlyCloses: inputs.hourlyCloses, currentPrices, nowSec: inputs.headTimestampSec });
}

/** One pool's derived row (`pool_stats`). */
export type PoolStat = PoolStatRecord;

/** One protocol's derived row on one chain (`protocol_stats`). */
export type ProtocolStat = ProtocolStatRecord;

/** The market state of one chain at its newest indexed block. */
export interface MarketState {
  chainId: number;
  blockNumber: number;
  timestampSec: number;
  prices: TokenPrice[];
  pools: PoolStat[];
  protocols: ProtocolStat[];
}

/**
 * Prices, TVL and 24h/7d/30d volume and fees of one chain from its loaded inputs (pure: no I/O).
 * Prices: `priceTokens` (fresh oracle answers, pegs for stablecoins, pools for the rest). TVL: `computeTvl` over every
 * pool's holdings and every Aave V3 reserve (what its aToken holds; debt as `borrowedUsd`).
 * Volume: the swap groups -> `priceSwapsAtHourlyCloses` -> `computeVolume` over windows ending at the head's time;
 * each swap is valued at the close of its hour (else the nearest earlier close, else the current price).
 */
export function computeMarketState(inputs: MarketInputs): MarketState {
  const { chainId, headBlock: blockNumber, headTimestampSec: nowSec } = inputs;
  const priceMap = priceTokens({ tokens: inputs.tokens, pools: inputs.pools.map((pool) => pool.state), oracles: inputs.oracles ?? [], nowSec });
  const decimals = new Map(inputs.tokens.map((token) => [token.address, token.decimals]));
  const tvlPools = inputs.pools.filter((pool) => decimals.has(pool.state.token0) && decimals.has(pool.state.token1));
  const tvl = computeTvl({
    prices: priceMap,
    pools: tvlPools.map((pool) => ({
      chainId, address: pool.state.address, protocol: pool.protocol,
      balances: [
        { token: pool.state.token0, decimals: decimals.get(pool.state.token0) ?? 0, amountRaw: pool.balance0 },
        { token: pool.state.token1, decimals: decimals.get(pool.state.token1) ?? 0, amountRaw: pool.balance1 },
      ],
    })),
    lendingReserves: buildAaveV3Reserves(chainId, inputs.lendingReserves ?? [], decimals),
  });
  const volume = computeVolume(priceSwapGroups(inputs, priceMap), nowSec);
  const poolVolume = new Map(volume.pools.map((pool) => [tokenKey(pool.chainId, pool.pool), pool]));
  const poolTvl = new Map(tvl.pools.map((pool) => [tokenKey(pool.chainId, pool.address), pool.tvlUsd]));
  const pools: PoolStat[] = tvlPools.map((pool) => {
    const key = tokenKey(chainId, pool.state.address);
    const stats = poolVolume.get(key);
    return {
      chainId, address: pool.state.address, protocol: pool.protocol, token0: pool.state.token0, token1: pool.state.token1,
      reserve0: pool.balance0, reserve1: pool.balance1, tvlUsd: poolTvl.get(key) ?? 0,
      ...windowsOf(stats), blockNumber: pool.state.blockNumber,
    };
  });
  const protocolVolume = new Map(volume.protocols.map((p) => [p.protocol, p]));
  const protocols: ProtocolStat[] = tvl.protocols.map((p) => ({
    slug: p.protocol, chainId, tvlUsd: p.tvlUsd, borrowedUsd: p.borrowedUsd, blockNumber,
    ...windowsOf(protocolVolume.get(p.protocol)),
  }));
  return { chainId, blockNumber, timestampSec: nowSec, prices: [...priceMap.values()], pools, protocols };
}
