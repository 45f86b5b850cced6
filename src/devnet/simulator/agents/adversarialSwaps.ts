import { encodeFunctionData, maxUint256, parseAbi, parseEventLogs, type Address, type Hash, type LocalAccount } from 'viem';
import { uniswapV2PairAbi } from '../../abis.js';
import type { TxRequest } from '../../activity/createTxSender.js';
import type { DevnetV2Pair } from '../../protocols/uniswapV2.js';
import type { SimWorld } from '../types.js';

/** Every Router02 swap with exact input or exact output (the fee-on-transfer variants are not used here). */
export const routerSwapAbi = parseAbi([
  'function swapExactTokensForTokens(uint256 amountIn, uint256 amountOutMin, address[] path, address to, uint256 deadline) returns (uint256[] amounts)',
  'function swapTokensForExactTokens(uint256 amountOut, uint256 amountInMax, address[] path, address to, uint256 deadline) returns (uint256[] amounts)',
  'function swapExactETHForTokens(uint256 amountOutMin, address[] path, address to, uint256 deadline) payable returns (uint256[] amounts)',
  'function swapTokensForExactETH(uint256 amountOut, uint256 amountInMax, address[] path, address to, uint256 deadline) returns (uint256[] amounts)',
  'function swapExactTokensForETH(uint256 amountIn, uint256 amountOutMin, address[] path, address to, uint256 deadline) returns (uint256[] amounts)',
  'function swapETHForExactTokens(uint256 amountOut, address[] path, address to, uint256 deadline) payable returns (uint256[] amounts)',
]);

/** Gas limit of a router swap (one or two hops use 110-180k). Fixed, so nothing estimates against pending state. */
export const V2_SWAP_GAS = 250_000n;

const BPS = 10_000n;

/** Uniswap V2's `getAmountIn` (0.3% fee): input needed for `amountOut`. 0 when the pool cannot pay it. */
export function getAmountIn(amountOut: bigint, reserveIn: bigint, reserveOut: bigint): bigint {
  if (amountOut <= 0n || reserveIn === 0n || amountOut >= reserveOut) return 0n;
  return (reserveIn * amountOut * 1000n) / ((reserveOut - amountOut) * 997n) + 1n;
}

/** `amount` reduced by `bps` basis points (a minimum output). */
export function minusBps(amount: bigint, bps: number): bigint {
  return (amount * (BPS - BigInt(bps))) / BPS;
}

/** `amount` raised by `bps` basis points (a maximum input). */
export function plusBps(amount: bigint, bps: number): bigint {
  return (amount * (BPS + BigInt(bps))) / BPS;
}

/** Reserves of a pair oriented for a swap selling `tokenIn`. */
export interface OrientedReserves {
  reserveIn: bigint;
  reserveOut: bigint;
}

/**
 * Reads a pair's reserves oriented for selling `tokenIn` (at `latest`, or at `blockNumber`).
 * @throws {RangeError} when `tokenIn` is not one of the pair's tokens.
 */
export async function readOrientedReserves(
  world: SimWorld,
  pair: DevnetV2Pair,
  tokenIn: Address,
  blockNumber?: bigint,
): Promise<OrientedReserves> {
  const [reserve0, reserve1] = await world.clients.publicClient.readContract({
    address: pair.address,
    abi: uniswapV2PairAbi,
    functionName: 'getReserves',
    ...(blockNumber === undefined ? {} : { blockNumber }),
  });
  return orient(pair, tokenIn, reserve0, reserve1);
}

/**
 * Orients raw pair reserves for selling `tokenIn`.
 * @throws {RangeError} when `tokenIn` is not one of the pair's tokens.
 */
export function orient(pair: DevnetV2Pair, tokenIn: Address, reserve0: bigint, reserve1: bigint): OrientedReserves {
  const lowerIn = tokenIn.toLowerCase();
  if (lowerIn === pair.token0.toLowerCase()) return { reserveIn: reserve0, reserveOut: reserve1 };
  if (lowerIn === pair.token1.toLowerCase()) return { reserveIn: reserve1, reserveOut: reserve0 };
  throw new RangeError(`${tokenIn} is not a token of pair ${pair.address}`);
}

/** Reserves after an exact-input swap of `amountIn` (what the next swap in the same block sees). */
export function applySwap(reserves: OrientedReserves, amountIn: bigint, amountOut: bigint): OrientedReserves {
  return { reserveIn: reserves.reserveIn + amountIn, reserveOut: reserves.reserveOut - amountOut };
}

/** Reverses the orientation (reserves as seen by a swap in the other direction). */
export function flip(reserves: OrientedReserves): OrientedReserves {
  return { reserveIn: reserves.reserveOut, reserveOut: reserves.reserveIn };
}

/** Parameters of the swap builders: a direct one-hop (or multi-hop) router swap to the sender itself. */
export interface SwapParameters {
  account: LocalAccount;
  router: Address;
  path: readonly Address[];
  maxPriorityFeePerGas: bigint;
}

/** `swapExactTokensForTokens(amountIn, amountOutMin, path, account, ∞)` as a {@link TxRequest}. */
export function buildExactInSwap(params: SwapParameters & { amountIn: bigint; amountOutMin: bigint }): TxRequest {
  const data = encodeFunctionData({
    abi: routerSwapAbi,
    functionName: 'swapExactTokensForTokens',
    args: [params.amountIn, params.amountOutMin, [...params.path], params.account.address, maxUint256],
  });
  return { account: params.account, to: params.router, data, gas: V2_SWAP_GAS, maxPriorityFeePerGas: params.maxPriorityFeePerGas };
}

/** `swapTokensForExactTokens(amountOut, amountInMax, path, account, ∞)` as a {@link TxRequest}. */
export function buildExactOutSwap(params: SwapParameters & { amountOut: bigint; amountInMax: bigint }): TxRequest {
  const data = encodeFunctionData({
    abi: routerSwapAbi,
    functionName: 'swapTokensForExactTokens',
    args: [params.amountOut, params.amountInMax, [...params.path], params.account.address, maxUint256],
  });
  return { account: params.account, to: params.router, data, gas: V2_SWAP_GAS, maxPriorityFeePerGas: params.maxPriorityFeePerGas };
}

/**
 * The output a mined swap sent to its recipient, read from the `Swap` log `pair` emitted in the receipt of `hash`;
 * undefined when the transaction is unknown, reverted, or did not swap on `pair`.
 */
export async function readSwapOutput(world: SimWorld, hash: Hash, pair: Address): Promise<bigint | undefined> {
  const receipt = await world.clients.publicClient.getTransactionReceipt({ hash }).catch(() => undefined);
  if (!receipt || receipt.status !== 'success') return undefined;
  const swaps = parseEventLogs({ abi: uniswapV2PairAbi, eventName: 'Swap', logs: receipt.logs }).filter(
    (log) => log.address.toLowerCase() === pair.toLowerCase(),
  );
  const swap = swaps[swaps.length - 1];
  return swap ? swap.args.amount0Out + swap.args.amount1Out : undefined;
}
