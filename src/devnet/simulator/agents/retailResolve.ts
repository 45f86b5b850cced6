import { encodeFunctionData, maxUint256, parseEther, parseGwei, type Address, type LocalAccount } from 'viem';
import { erc20Abi, uniswapV2RouterAbi, wethAbi } from '../../abis.js';
import type { TxRequest } from '../../activity/createTxSender.js';
import { usdToAmountRaw, type DevnetToken } from '../../protocols/tokens.js';
import type { DevnetV2Pair } from '../../protocols/uniswapV2.js';
import { getAmountOut, quoteExactIn, scaleAmount, virtualPoolV3 } from '../poolMath.js';
import { SIM_GAS, v3SwapExactInSingle, wethDeposit, erc20Mint, type TxBody } from '../txBuilders.js';
import type { SimV3Pool } from '../types.js';
import type { RetailIntent } from './retailPlan.js';

/** The accounts and contracts retail traders act on. */
export interface RetailUniverse {
  traders: readonly LocalAccount[];
  /** WETH included. */
  tokens: readonly DevnetToken[];
  pairs: readonly DevnetV2Pair[];
  v3Pools?: readonly SimV3Pool[];
  weth: Address;
  router: Address;
  swapRouter?: Address;
}

/** Chain state read at the start of a tick, and the reference prices of the tick. */
export interface RetailTickState {
  balanceOf(owner: Address, token: Address): bigint;
  reservesOf(pair: Address): readonly [bigint, bigint];
  /** V3 pool price and in-range liquidity. */
  v3StateOf?(pool: Address): { sqrtPriceX96: bigint; liquidity: bigint };
  /** The price world's reference price; default the token's static `referencePriceUsd`. */
  referencePriceUsd?(symbol: string): number;
}

/** A concrete transaction; `mint` is a top-up a trader makes when it lacks the tokens it wants to use. */
export interface RetailAction extends TxRequest {
  kind: RetailIntent['kind'] | 'mint';
}

const GAS = { transfer: 100_000n, unwrap: 80_000n } as const;
const SLIPPAGE_BPS = 200n;
const V3_SLIPPAGE_BPS = 300n;
const SHALLOW_POOL_USD = 100_000;
const TOP_UP_USD = 100_000;

/** The balances, pairs and V3 pools that resolving `intent` reads. */
export function retailReadsOf(intent: RetailIntent, universe: RetailUniverse): { balances: [Address, Address][]; pairs: Address[]; v3Pools: Address[] } {
  const owner = at(universe.traders, intent.trader, 'trader').address;
  switch (intent.kind) {
    case 'swap': {
      const pair = at(universe.pairs, intent.pair, 'pair');
      return { balances: [[owner, pair.token0], [owner, pair.token1]], pairs: [pair.address], v3Pools: [] };
    }
    case 'swapV3': {
      const pool = at(universe.v3Pools ?? [], intent.pool, 'V3 pool');
      return { balances: [[owner, pool.token0], [owner, pool.token1]], pairs: [], v3Pools: [pool.address] };
    }
    case 'transfer':
      return { balances: [[owner, at(universe.tokens, intent.token, 'token').address]], pairs: [], v3Pools: [] };
    case 'unwrap':
      return { balances: [[owner, universe.weth]], pairs: [], v3Pools: [] };
    case 'wrap':
      return { balances: [], pairs: [], v3Pools: [] };
    default:
      return assertNever(intent);
  }
}

/**
 * Turns an intent into a transaction sized from `state` (pure). Swaps lean towards the reference prices,
 * so pool prices wander but do not drift away; a trader short of a token mints (or wraps) instead.
 */
export function resolveRetailIntent(intent: RetailIntent, universe: RetailUniverse, state: RetailTickState): RetailAction {
  const account = at(universe.traders, intent.trader, 'trader');
  const maxPriorityFeePerGas = parseGwei((1 + intent.tipRoll * 2).toFixed(3));
  const base = { account, maxPriorityFeePerGas };
  switch (intent.kind) {
    case 'swap':
      return { ...base, ...resolveV2Swap(intent, universe, state, account) };
    case 'swapV3':
      return { ...base, ...resolveV3Swap(intent, universe, state, account) };
    case 'transfer': {
      const token = at(universe.tokens, intent.token, 'token');
      const amount = scaleAmount(state.balanceOf(account.address, token.address), 0.01 + intent.sizeRoll * 0.19);
      if (amount === 0n) return { ...base, ...topUp(universe, account, token, 0n) };
      const recipient = at(universe.traders, intent.recipient, 'trader').address;
      const data = encodeFunctionData({ abi: erc20Abi, functionName: 'transfer', args: [recipient, amount] });
      return { ...base, kind: 'transfer', to: token.address, data, gas: GAS.transfer };
    }
    case 'wrap':
      return { ...base, kind: 'wrap', ...wethDeposit(universe.weth, parseEther((0.1 + intent.sizeRoll * 4.9).toFixed(4))) };
    case 'unwrap': {
      const amount = scaleAmount(state.balanceOf(account.address, universe.weth), 0.05 + intent.sizeRoll * 0.45);
      if (amount === 0n) return { ...base, kind: 'wrap', ...wethDeposit(universe.weth, parseEther('1')) };
      const data = encodeFunctionData({ abi: wethAbi, functionName: 'withdraw', args: [amount] });
      return { ...base, kind: 'unwrap', to: universe.weth, data, gas: GAS.unwrap };
    }
    default:
      return assertNever(intent);
  }
}

type ActionBody = TxBody & { kind: RetailAction['kind'] };

function resolveV2Swap(intent: Extract<RetailIntent, { kind: 'swap' }>, universe: RetailUniverse, state: RetailTickState, account: LocalAccount): ActionBody {
  const pair = at(universe.pairs, intent.pair, 'pair');
  const [reserve0, reserve1] = state.reservesOf(pair.address);
  const token0 = tokenByAddress(universe, pair.token0);
  const token1 = tokenByAddress(universe, pair.token1);
  const price0In1 = reserve0 === 0n ? 0 : Number(reserve1) / 10 ** token1.decimals / (Number(reserve0) / 10 ** token0.decimals);
  const zeroForOne = intent.directionRoll < sellToken0Probability(price0In1, referenceRatio(state, token0, token1));
  const [tokenIn, tokenOut, reserveIn, reserveOut] = zeroForOne ? [token0, token1, reserve0, reserve1] : [token1, token0, reserve1, reserve0];
  const shallow = poolUsd(state, token0, reserve0) * 2 < SHALLOW_POOL_USD;
  const amountIn = scaleAmount(reserveIn, shallow ? 0.002 + intent.sizeRoll * 0.028 : 0.0001 + intent.sizeRoll * 0.0029);
  if (amountIn === 0n) return { kind: 'wrap', ...wethDeposit(universe.weth, parseEther('1')) };
  if (state.balanceOf(account.address, tokenIn.address) < amountIn) return topUp(universe, account, tokenIn, amountIn);
  const amountOutMin = (getAmountOut(amountIn, reserveIn, reserveOut) * (10_000n - SLIPPAGE_BPS)) / 10_000n;
  const data = encodeFunctionData({
    abi: uniswapV2RouterAbi,
    functionName: 'swapExactTokensForTokens',
    args: [amountIn, amountOutMin, [tokenIn.address, tokenOut.address], account.address, maxUint256],
  });
  return { kind: 'swap', to: universe.router, data, gas: SIM_GAS.v2Swap };
}

function resolveV3Swap(intent: Extract<RetailIntent, { kind: 'swapV3' }>, universe: RetailUniverse, state: RetailTickState, account: LocalAccount): ActionBody {
  const pool = at(universe.v3Pools ?? [], intent.pool, 'V3 pool');
  if (!universe.swapRouter || !state.v3StateOf) throw new RangeError('V3 swaps need a swap router and V3 pool state');
  const { sqrtPriceX96, liquidity } = state.v3StateOf(pool.address);
  const virtual = virtualPoolV3(sqrtPriceX96, liquidity, pool.fee);
  const token0 = tokenByAddress(universe, pool.token0);
  const token1 = tokenByAddress(universe, pool.token1);
  const price0In1 = (virtual.y / virtual.x) * 10 ** (token0.decimals - token1.decimals);
  const zeroForOne = intent.directionRoll < sellToken0Probability(price0In1, referenceRatio(state, token0, token1));
  const [tokenIn, tokenOut, reserveIn] = zeroForOne ? [token0, token1, virtual.x] : [token1, token0, virtual.y];
  const amountIn = BigInt(Math.floor(reserveIn * (0.0001 + intent.sizeRoll * 0.0029)));
  if (amountIn === 0n) return { kind: 'wrap', ...wethDeposit(universe.weth, parseEther('1')) };
  if (state.balanceOf(account.address, tokenIn.address) < amountIn) return topUp(universe, account, tokenIn, amountIn);
  const amountOutMinimum = (quoteExactIn(virtual, zeroForOne, amountIn) * (10_000n - V3_SLIPPAGE_BPS)) / 10_000n;
  const body = v3SwapExactInSingle(universe.swapRouter, {
    tokenIn: tokenIn.address, tokenOut: tokenOut.address, fee: pool.fee, amountIn, amountOutMinimum, recipient: account.address,
  });
  return { kind: 'swapV3', ...body };
}

// 0.5 at the reference price; up to 0.8 when token0 trades 15% or more above it.
function sellToken0Probability(price0In1: number, reference0In1: number): number {
  if (!(price0In1 > 0) || !(reference0In1 > 0)) return 0.5;
  const deviation = Math.log(price0In1 / reference0In1);
  return Math.min(0.8, Math.max(0.2, 0.5 + 2 * deviation));
}

function referenceRatio(state: RetailTickState, token0: DevnetToken, token1: DevnetToken): number {
  const reference = (token: DevnetToken) => state.referencePriceUsd?.(token.symbol) ?? token.referencePriceUsd;
  return reference(token0) / reference(token1);
}

function poolUsd(state: RetailTickState, token: DevnetToken, reserve: bigint): number {
  return (Number(reserve) / 10 ** token.decimals) * (state.referencePriceUsd?.(token.symbol) ?? token.referencePriceUsd);
}

function topUp(universe: RetailUniverse, account: LocalAccount, token: DevnetToken, needed: bigint): ActionBody {
  if (token.address === universe.weth) {
    return { kind: 'wrap', ...wethDeposit(universe.weth, needed * 2n > parseEther('1') ? needed * 2n : parseEther('1')) };
  }
  const usual = usdToAmountRaw(token, TOP_UP_USD);
  return { kind: 'mint', ...erc20Mint(token.address, account.address, needed * 2n > usual ? needed * 2n : usual) };
}

function tokenByAddress(universe: RetailUniverse, address: Address): DevnetToken {
  const token = universe.tokens.find((candidate) => candidate.address === address);
  if (!token) throw new RangeError(`Unknown token ${address}`);
  return token;
}
function at<T>(items: readonly T[], index: number, what: string): T {
  const item = items[index];
  if (item === undefined) throw new RangeError(`No ${what} at index ${index}`);
  return item;
}
function assertNever(value: never): never {
  throw new Error(`Unhandled intent ${JSON.stringify(value)}`);
}
