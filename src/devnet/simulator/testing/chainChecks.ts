import { parseEventLogs, type Address, type Log, type PublicClient, type TransactionReceipt } from 'viem';
import { uniswapV2PairAbi } from '../../abis.js';
import { v3PoolAbi } from '../../protocols/uniswapV3Abis.js';
import { sqrtPriceX96ToPrice } from '../../protocols/uniswapV3Math.js';
import type { DevnetToken } from '../../protocols/tokens.js';
import type { Label } from '../types.js';

// Helpers for the simulator's integration tests: read what happened from the chain only.

/** Every receipt of blocks [from, to], grouped by lowercase sender. */
export async function receiptsBySender(client: PublicClient, from: bigint, to: bigint): Promise<Map<string, TransactionReceipt[]>> {
  const bySender = new Map<string, TransactionReceipt[]>();
  for (let block = from; block <= to; block++) {
    for (const receipt of await client.getBlockReceipts({ blockNumber: block })) {
      const key = receipt.from.toLowerCase();
      bySender.set(key, [...(bySender.get(key) ?? []), receipt]);
    }
  }
  return bySender;
}

/** Logs of `abi` named `eventName` emitted by `address` in `receipts`. */
export function eventsOf<const abi extends readonly unknown[]>(receipts: readonly TransactionReceipt[], abi: abi, eventName: string, address?: string): Log[] {
  const logs = receipts.flatMap((receipt) => receipt.logs).filter((log) => !address || log.address.toLowerCase() === address.toLowerCase());
  return parseEventLogs({ abi: abi as never, logs, eventName: eventName as never }) as Log[];
}

/** A pool's human price (token1 per token0) right after `log` (a V2 Sync or a V3 Swap). */
export function priceFromLog(log: Log, token0: DevnetToken, token1: DevnetToken): number | undefined {
  const [sync] = parseEventLogs({ abi: uniswapV2PairAbi, logs: [log], eventName: 'Sync' });
  if (sync) return (Number(sync.args.reserve1) / 10 ** token1.decimals) / (Number(sync.args.reserve0) / 10 ** token0.decimals);
  const [swap] = parseEventLogs({ abi: v3PoolAbi, logs: [log], eventName: 'Swap' });
  return swap ? sqrtPriceX96ToPrice(swap.args.sqrtPriceX96, token0.decimals, token1.decimals) : undefined;
}

/** A pool's human price at the end of block `blockNumber`. */
export async function poolPriceAt(client: PublicClient, pool: Address, token0: DevnetToken, token1: DevnetToken, blockNumber: bigint): Promise<number> {
  try {
    const [sqrtPriceX96] = await client.readContract({ address: pool, abi: v3PoolAbi, functionName: 'slot0', blockNumber });
    return sqrtPriceX96ToPrice(sqrtPriceX96, token0.decimals, token1.decimals);
  } catch {
    const [reserve0, reserve1] = await client.readContract({ address: pool, abi: uniswapV2PairAbi, functionName: 'getReserves', blockNumber });
    return (Number(reserve1) / 10 ** token1.decimals) / (Number(reserve0) / 10 ** token0.decimals);
  }
}

/**
 * The price of `pool` just before and just after a label's transactions, from the block's own events (or the
 * previous block's state when nothing touched the pool earlier in the block).
 */
export async function pricesAroundLabel(
  client: PublicClient,
  label: Label,
  pool: Address,
  token0: DevnetToken,
  token1: DevnetToken,
): Promise<{ before: number; after: number }> {
  const receipts = await client.getBlockReceipts({ blockNumber: BigInt(label.block) });
  const first = receipts.findIndex((receipt) => receipt.transactionHash === label.txHashes[0]);
  const priced = receipts.flatMap((receipt, index) =>
    receipt.logs.filter((log) => log.address.toLowerCase() === pool.toLowerCase()).flatMap((log) => {
      const price = priceFromLog(log, token0, token1);
      return price === undefined ? [] : [{ index, price, labelled: label.txHashes.includes(receipt.transactionHash) }];
    }),
  );
  const earlier = priced.filter((entry) => entry.index < first);
  const before = earlier.length > 0 ? earlier[earlier.length - 1]!.price : await poolPriceAt(client, pool, token0, token1, BigInt(label.block) - 1n);
  const own = priced.filter((entry) => entry.labelled);
  if (own.length === 0) throw new Error(`Label ${label.txHashes[0]} did not touch ${pool}`);
  return { before, after: own[own.length - 1]!.price };
}
