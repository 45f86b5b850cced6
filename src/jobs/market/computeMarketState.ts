import { computeTvl } from '../../analytics/computeTvl.js';
import type { PoolStatRecord, ProtocolStatRecord } from '../../datasources/db/repositories/marketStateRepository.js';
import { computeVolume } from '../../analytics/computeVolume.js';
import { normalizeSwap } from '../../analytics/normalizeSwap.js';
import { priceSwaps } from '../../analytics/priceSwaps.js';
import { priceTokens } from '../../analytics/priceTokens.js';
import { tokenKey } from '../../analytics/tokenKey.js';
import type { TokenPrice } from '../../analytics/types.js';
import type { PricePoint } from '../../analytics/getPriceAtBlock.js';
import { toSwapPools, type MarketInputs } from './loadMarketInputs.js';

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
 * Prices, TVL and 24h volume/fees of one chain from its loaded inputs (pure: no I/O).
 * Prices: `priceTokens` (pegs for stablecoins, pools for the rest). TVL: `computeTvl` over every pool's holdings.
 * Volume: `normalizeSwap` -> `priceSwaps` -> `computeVolume` over the last 24h of the chain's clock; every swap is
 * valued at the **current** price (one price point at block 0), because per-block price history is not stored yet.
 */
export function computeMarketState(inputs: MarketInputs): MarketState {
  const { chainId, headBlock: blockNumber, headTimestampSec: nowSec } = inputs;
  const priceMap = priceTokens({ tokens: inputs.tokens, pools: inputs.pools.map((pool) => pool.state), nowSec });
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
  });
  const priceHistory = new Map<string, PricePoint[]>();
  for (const [key, price] of priceMap) if (price.priceUsd !== null) priceHistory.set(key, [{ blockNumber: 0, priceUsd: price.priceUsd }]);
  const swapPools = toSwapPools(inputs);
  const known = new Set(swapPools.map((pool) => pool.address));
  const priced = priceSwaps({ swaps: inputs.swaps.filter((swap) => known.has(swap.address)).map((swap) => ({ ...normalizeSwap(swap), timestampSec: swap.timestampSec })), pools: swapPools, priceHistory });
  const volume = computeVolume(priced, nowSec);
  const poolVolume = new Map(volume.pools.map((pool) => [tokenKey(pool.chainId, pool.pool), pool]));
  const poolTvl = new Map(tvl.pools.map((pool) => [tokenKey(pool.chainId, pool.address), pool.tvlUsd]));
  const pools: PoolStat[] = tvlPools.map((pool) => {
    const key = tokenKey(chainId, pool.state.address);
    const stats = poolVolume.get(key);
    return {
      chainId, address: pool.state.address, protocol: pool.protocol, token0: pool.state.token0, token1: pool.state.token1,
      reserve0: pool.balance0, reserve1: pool.balance1, tvlUsd: poolTvl.get(key) ?? 0,
      volumeUsd24h: stats?.volumeUsd24h ?? 0, feesUsd24h: stats?.feesUsd24h ?? 0, blockNumber: pool.state.blockNumber,
    };
  });
  const protocolVolume = new Map(volume.protocols.map((p) => [p.protocol, p]));
  const protocols: ProtocolStat[] = tvl.protocols.map((p) => ({
    slug: p.protocol, chainId, tvlUsd: p.tvlUsd, borrowedUsd: p.borrowedUsd, blockNumber,
    volumeUsd24h: protocolVolume.get(p.protocol)?.volumeUsd24h ?? 0, feesUsd24h: protocolVolume.get(p.protocol)?.feesUsd24h ?? 0,
  }));
  return { chainId, blockNumber, timestampSec: nowSec, prices: [...priceMap.values()], pools, protocols };
}
