import type { Address, BlockTag } from 'viem';
import { uniswapV2PairAbi } from '../abis.js';
import type { DevnetToken } from '../protocols/tokens.js';
import { v3PoolAbi } from '../protocols/uniswapV3Abis.js';
import { toRawPrice, virtualPoolV2, virtualPoolV3, type VirtualPool } from './poolMath.js';
import { readMany, type ReadCall } from './readMany.js';
import type { PriceWorld, SimDeployment, SimWorld } from './types.js';

/** A V2 pair or V3 pool with its tokens resolved; `fee` in hundredths of a bp (3000 for V2). */
export interface MarketPool {
  address: Address;
  protocol: 'uniswap-v2' | 'uniswap-v3';
  fee: number;
  token0: DevnetToken;
  token1: DevnetToken;
  /** `SYMBOL0/SYMBOL1`: pools of one pair share it (token0 is always the lower address). */
  pairKey: string;
}

/** Tokens and pools of a deployment, indexed for agents. */
export interface MarketView {
  tokens: readonly DevnetToken[];
  pools: readonly MarketPool[];
  /** Pools per pair key, V2 first, then V3 by fee. */
  pairs: ReadonlyMap<string, readonly MarketPool[]>;
  token(symbol: string): DevnetToken;
  tokenAt(address: Address): DevnetToken;
}

/**
 * Resolves every pool's tokens once.
 * @throws {RangeError} when a pool names a token the deployment does not list.
 */
export function buildMarketView(deployment: SimDeployment): MarketView {
  const bySymbol = new Map(deployment.tokens.map((token) => [token.symbol, token]));
  const byAddress = new Map(deployment.tokens.map((token) => [token.address.toLowerCase(), token]));
  const tokenAt = (address: Address): DevnetToken => {
    const token = byAddress.get(address.toLowerCase());
    if (!token) throw new RangeError(`Unknown token ${address}`);
    return token;
  };
  const pool = (address: Address, protocol: MarketPool['protocol'], fee: number, token0: Address, token1: Address): MarketPool => {
    const [t0, t1] = [tokenAt(token0), tokenAt(token1)];
    return { address, protocol, fee, token0: t0, token1: t1, pairKey: `${t0.symbol}/${t1.symbol}` };
  };
  const pools = [
    ...deployment.v2.pairs.map((pair) => pool(pair.address, 'uniswap-v2', 3000, pair.token0, pair.token1)),
    ...[...(deployment.v3?.pools ?? [])].sort((a, b) => a.fee - b.fee).map((p) => pool(p.address, 'uniswap-v3', p.fee, p.token0, p.token1)),
  ];
  const pairs = new Map<string, MarketPool[]>();
  for (const entry of pools) pairs.set(entry.pairKey, [...(pairs.get(entry.pairKey) ?? []), entry]);
  return {
    tokens: deployment.tokens,
    pools,
    pairs,
    token(symbol) {
      const token = bySymbol.get(symbol);
      if (!token) throw new RangeError(`Unknown token ${symbol}`);
      return token;
    },
    tokenAt,
  };
}

/** On-chain state of one pool, reduced for sizing. */
export interface PoolState {
  pool: MarketPool;
  virtual: VirtualPool;
  /** V2 only. */
  reserves?: readonly [bigint, bigint];
  /** V3 only. */
  sqrtPriceX96?: bigint;
  tick?: number;
  liquidity?: bigint;
}

/** The reads that give each pool's state (V2: `getReserves`; V3: `slot0`, `liquidity`). */
export function poolStateCalls(pools: readonly MarketPool[]): ReadCall[] {
  return pools.flatMap((pool): ReadCall[] =>
    pool.protocol === 'uniswap-v2'
      ? [{ address: pool.address, abi: uniswapV2PairAbi, functionName: 'getReserves' }]
      : [
          { address: pool.address, abi: v3PoolAbi, functionName: 'slot0' },
          { address: pool.address, abi: v3PoolAbi, functionName: 'liquidity' },
        ],
  );
}

/** Decodes the results of {@link poolStateCalls} (same pools, same order). */
export function decodePoolStates(pools: readonly MarketPool[], results: readonly unknown[]): Map<Address, PoolState> {
  const states = new Map<Address, PoolState>();
  let i = 0;
  for (const pool of pools) {
    if (pool.protocol === 'uniswap-v2') {
      const [reserve0, reserve1] = results[i++] as readonly [bigint, bigint, number];
      states.set(pool.address, { pool, virtual: virtualPoolV2(reserve0, reserve1), reserves: [reserve0, reserve1] });
    } else {
      const [sqrtPriceX96, tick] = results[i++] as readonly [bigint, number];
      const liquidity = results[i++] as bigint;
      states.set(pool.address, { pool, virtual: virtualPoolV3(sqrtPriceX96, liquidity, pool.fee), sqrtPriceX96, tick, liquidity });
    }
  }
  return states;
}

/** Reads the state of `pools` in one `eth_call` (see `readMany`) at `blockTag`. */
export async function readPoolStates(world: SimWorld, pools: readonly MarketPool[], blockTag: BlockTag = 'latest'): Promise<Map<Address, PoolState>> {
  return decodePoolStates(pools, await readMany(world, poolStateCalls(pools), blockTag));
}

/** The reference raw price (token1 base units per token0 base unit) of a pool's pair in `prices`. */
export function referenceRawPrice(pool: MarketPool, prices: PriceWorld): number {
  return toRawPrice(prices.priceUsd(pool.token0.symbol) / prices.priceUsd(pool.token1.symbol), pool.token0.decimals, pool.token1.decimals);
}

/** Human price of token0 in token1 from a raw price. */
export function humanPrice(pool: MarketPool, rawPrice: number): number {
  return rawPrice * 10 ** (pool.token0.decimals - pool.token1.decimals);
}
