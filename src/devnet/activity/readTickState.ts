import type { Address, PublicClient } from 'viem';
import { erc20Abi, uniswapV2PairAbi } from '../abis.js';
import type { ActionIntent } from './planTick.js';
import { readsOf, type ActivityUniverse, type TickState } from './resolveIntent.js';

/** Reads (in parallel, at `latest`) every balance and reserve the intents need. */
export async function readTickState(
  publicClient: PublicClient,
  universe: ActivityUniverse,
  intents: readonly ActionIntent[],
): Promise<TickState> {
  const balanceKeys = new Map<string, [Address, Address]>();
  const pairs = new Set<Address>();
  for (const intent of intents) {
    const reads = readsOf(intent, universe);
    for (const [owner, token] of reads.balances) balanceKeys.set(`${owner}:${token}`, [owner, token]);
    for (const pair of reads.pairs) pairs.add(pair);
  }
  const [balanceEntries, reserveEntries] = await Promise.all([
    Promise.all(
      [...balanceKeys].map(async ([key, [owner, token]]) => {
        const balance = await publicClient.readContract({ address: token, abi: erc20Abi, functionName: 'balanceOf', args: [owner] });
        return [key, balance] as const;
      }),
    ),
    Promise.all(
      [...pairs].map(async (pair) => {
        const [reserve0, reserve1] = await publicClient.readContract({ address: pair, abi: uniswapV2PairAbi, functionName: 'getReserves' });
        return [pair, [reserve0, reserve1] as const] as const;
      }),
    ),
  ]);
  const balances = new Map(balanceEntries);
  const reserves = new Map(reserveEntries);
  return {
    balanceOf: (owner, token) => balances.get(`${owner}:${token}`) ?? 0n,
    reservesOf: (pair) => reserves.get(pair) ?? [0n, 0n],
  };
}
