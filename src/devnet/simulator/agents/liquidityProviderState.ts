import type { Address } from 'viem';
import { uniswapV2PairAbi } from '../../abis.js';
import { v3PositionManagerAbi } from '../../protocols/uniswapV3Abis.js';
import { decodePoolStates, poolStateCalls, type MarketPool, type MarketView, type PoolState } from '../marketView.js';
import { readGroups, readMany, type ReadCall } from '../readMany.js';
import type { SimWorld } from '../types.js';
import { balanceCalls, balanceKey, decodeBalances } from './agentHelpers.js';

/** A V3 position NFT of the wallet. */
export interface LpPosition {
  tokenId: bigint;
  pool: MarketPool;
  tickLower: number;
  tickUpper: number;
  liquidity: bigint;
}

/** What one LP wallet holds, and the pools' state, at the latest block. */
export interface LpState {
  /** LP token balance per V2 pair. */
  v2Liquidity: Map<Address, bigint>;
  /** LP token supply per V2 pair. */
  v2TotalSupply: Map<Address, bigint>;
  /** Live positions (burned and empty ones are skipped). */
  positions: LpPosition[];
  pools: Map<Address, PoolState>;
  balanceOf(token: Address): bigint;
}

/** Most positions read per wallet (enumeration cost grows with the NFT count). */
const MAX_POSITIONS = 12;

/** Reads one LP wallet's liquidity, positions and token balances, and every pool's state, in two `eth_call`s. */
export async function readLpState(world: SimWorld, view: MarketView, wallet: Address): Promise<LpState> {
  const manager = world.deployment.v3?.positionManager;
  const v2Pools = view.pools.filter((pool) => pool.protocol === 'uniswap-v2');
  const balancePairs = view.tokens.map((token) => [wallet, token.address] as const);
  const pairCalls = (functionName: 'balanceOf' | 'totalSupply'): ReadCall[] =>
    v2Pools.map((pool) => ({ address: pool.address, abi: uniswapV2PairAbi, functionName, args: functionName === 'balanceOf' ? [wallet] : [] }));
  const nftCalls: ReadCall[] = manager
    ? Array.from({ length: MAX_POSITIONS }, (_, index) => ({ address: manager, abi: v3PositionManagerAbi, functionName: 'tokenOfOwnerByIndex', args: [wallet, BigInt(index)] }))
    : [];
  const [poolResults, liquidity, supplies, tokenIds, balances] = await readGroups(
    world,
    [poolStateCalls(view.pools), pairCalls('balanceOf'), pairCalls('totalSupply'), nftCalls, balanceCalls(balancePairs)],
    'latest',
    { allowFailure: true },
  );
  const ids = (tokenIds ?? []).filter((id): id is bigint => typeof id === 'bigint');
  const details = manager && ids.length > 0
    ? await readMany(world, ids.map((tokenId) => ({ address: manager, abi: v3PositionManagerAbi, functionName: 'positions', args: [tokenId] })))
    : [];
  const positions = ids.flatMap((tokenId, i): LpPosition[] => {
    const [, , token0, token1, fee, tickLower, tickUpper, amount] = details[i] as readonly [bigint, Address, Address, Address, number, number, number, bigint];
    const pool = view.pools.find((candidate) => candidate.protocol === 'uniswap-v3' && candidate.fee === fee && candidate.token0.address === token0 && candidate.token1.address === token1);
    return pool && amount > 0n ? [{ tokenId, pool, tickLower, tickUpper, liquidity: amount }] : [];
  });
  const balanceMap = decodeBalances(balancePairs, balances!);
  return {
    v2Liquidity: new Map(v2Pools.map((pool, i) => [pool.address, (liquidity![i] as bigint | undefined) ?? 0n])),
    v2TotalSupply: new Map(v2Pools.map((pool, i) => [pool.address, (supplies![i] as bigint | undefined) ?? 0n])),
    positions,
    pools: decodePoolStates(view.pools, poolResults!),
    balanceOf: (token) => balanceMap.get(balanceKey(wallet, token)) ?? 0n,
  };
}
