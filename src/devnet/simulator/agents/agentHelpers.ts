import { parseGwei, type Address, type LocalAccount } from 'viem';
import { erc20Abi } from '../../abis.js';
import type { TxRequest } from '../../activity/createTxSender.js';
import type { DevnetToken } from '../../protocols/tokens.js';
import type { Random } from '../../utils/random.js';
import { erc20Mint, wethDeposit, type TxBody } from '../txBuilders.js';
import { readMany, type ReadCall } from '../readMany.js';
import type { SimWorld } from '../types.js';

/** Signs `body` as `account` with a tip of `tipGwei`. */
export function asRequest(account: LocalAccount, tipGwei: number, body: TxBody): TxRequest {
  return { ...body, account, maxPriorityFeePerGas: parseGwei(tipGwei.toFixed(3)) };
}

/** A tip in [minGwei, maxGwei), drawn from `random`. */
export function drawTip(random: Random, minGwei: number, maxGwei: number): number {
  return random.float(minGwei, maxGwei);
}

/** Base units of `token` worth `usd` at the price world's current price (floored; 0 for non-positive). */
export function usdToRaw(world: SimWorld, token: DevnetToken, usd: number): bigint {
  const units = usd / world.prices.priceUsd(token.symbol);
  if (!(units > 0)) return 0n;
  const scaled = Math.floor(units * 10 ** Math.min(token.decimals, 12));
  return BigInt(scaled) * 10n ** BigInt(Math.max(0, token.decimals - 12));
}

/** USD value of `amount` base units of `token` at the current reference price. */
export function rawToUsd(world: SimWorld, token: DevnetToken, amount: bigint): number {
  return (Number(amount) / 10 ** token.decimals) * world.prices.priceUsd(token.symbol);
}

/**
 * The top-up to send before spending `needed` of `token` when the wallet holds `balance`: a self-mint (or,
 * for WETH, a deposit) of twice the shortfall, or nothing.
 */
export function topUpIfShort(world: SimWorld, account: Address, token: DevnetToken, balance: bigint, needed: bigint): TxBody[] {
  if (balance >= needed) return [];
  const amount = (needed - balance) * 2n;
  return [token.address === world.deployment.weth ? wethDeposit(token.address, amount) : erc20Mint(token.address, account, amount)];
}

/** The `balanceOf` reads of each (owner, token). */
export function balanceCalls(pairs: readonly (readonly [Address, Address])[]): ReadCall[] {
  return pairs.map(([owner, token]) => ({ address: token, abi: erc20Abi, functionName: 'balanceOf', args: [owner] }));
}

/** Decodes {@link balanceCalls} results into a map keyed by {@link balanceKey}. */
export function decodeBalances(pairs: readonly (readonly [Address, Address])[], results: readonly unknown[]): Map<string, bigint> {
  return new Map(pairs.map(([owner, token], i) => [balanceKey(owner, token), results[i] as bigint]));
}

/** Reads `balanceOf` for each (owner, token) in one `eth_call` (latest block). */
export async function readBalances(world: SimWorld, pairs: readonly (readonly [Address, Address])[]): Promise<Map<string, bigint>> {
  return decodeBalances(pairs, await readMany(world, balanceCalls(pairs)));
}

/** The key {@link readBalances} uses. */
export function balanceKey(owner: Address, token: Address): string {
  return `${owner.toLowerCase()}:${token.toLowerCase()}`;
}
