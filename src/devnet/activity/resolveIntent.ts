import { encodeFunctionData, maxUint256, parseEther, parseGwei, type Address, type LocalAccount } from 'viem';
import { erc20Abi, uniswapV2RouterAbi, wethAbi } from '../abis.js';
import { usdToAmountRaw, type DevnetToken } from '../protocols/tokens.js';
import type { DevnetV2Pair } from '../protocols/uniswapV2.js';
import type { TxRequest } from './createTxSender.js';
import type { ActionIntent } from './planTick.js';
import { getAmountOut, scaleAmount } from './v2Math.js';

/** The accounts and contracts the activity loop acts on. */
export interface ActivityUniverse {
  traders: readonly LocalAccount[];
  /** WETH included. */
  tokens: readonly DevnetToken[];
  pairs: readonly DevnetV2Pair[];
  weth: Address;
  router: Address;
}

/** Chain state read at the start of a tick. */
export interface TickState {
  balanceOf(owner: Address, token: Address): bigint;
  reservesOf(pair: Address): readonly [bigint, bigint];
}

/** A concrete transaction; `mint` is a top-up a trader makes when it lacks the tokens it wants to use. */
export interface ResolvedAction extends TxRequest {
  kind: ActionIntent['kind'] | 'mint';
}

const GAS = { swap: 250_000n, transfer: 100_000n, wrap: 80_000n, unwrap: 80_000n, mint: 120_000n } as const;
const SLIPPAGE_BPS = 200n;
const SHALLOW_POOL_USD = 100_000;
const TOP_UP_USD = 100_000;

/** The balances and reserves that resolving `intent` reads. */
export function readsOf(intent: ActionIntent, universe: ActivityUniverse): { balances: [Address, Address][]; pairs: Address[] } {
  const owner = traderOf(universe, intent.trader).address;
  switch (intent.kind) {
    case 'swap': {
      const pair = pairOf(universe, intent.pair);
      return { balances: [[owner, pair.token0], [owner, pair.token1]], pairs: [pair.address] };
    }
    case 'transfer':
      return { balances: [[owner, tokenOf(universe, intent.token).address]], pairs: [] };
    case 'unwrap':
      return { balances: [[owner, universe.weth]], pairs: [] };
    case 'wrap':
      return { balances: [], pairs: [] };
    default:
      return assertNever(intent);
  }
}

/**
 * Turns an intent into a transaction sized from `state` (pure). Swaps lean towards the tokens'
 * reference prices, so pool prices wander but do not drift away; a trader short of a token
 * mints (or wraps) instead.
 */
export function resolveIntent(intent: ActionIntent, universe: ActivityUniverse, state: TickState): ResolvedAction {
  const account = traderOf(universe, intent.trader);
  const maxPriorityFeePerGas = parseGwei((1 + intent.tipRoll * 2).toFixed(3));
  const base = { account, maxPriorityFeePerGas };
  switch (intent.kind) {
    case 'swap':
      return { ...base, ...resolveSwap(intent, universe, state, account) };
    case 'transfer': {
      const token = tokenOf(universe, intent.token);
      const balance = state.balanceOf(account.address, token.address);
      const amount = scaleAmount(balance, 0.01 + intent.sizeRoll * 0.19);
      if (amount === 0n) return { ...base, ...topUp(universe, account, token, 0n) };
      const recipient = traderOf(universe, intent.recipient).address;
      const data = encodeFunctionData({ abi: erc20Abi, functionName: 'transfer', args: [recipient, amount] });
      return { ...base, kind: 'transfer', to: token.address, data, gas: GAS.transfer };
    }
    case 'wrap':
      return { ...base, ...wrap(universe, parseEther((0.1 + intent.sizeRoll * 4.9).toFixed(4))) };
    case 'unwrap': {
      const amount = scaleAmount(state.balanceOf(account.address, universe.weth), 0.05 + intent.sizeRoll * 0.45);
      if (amount === 0n) return { ...base, ...wrap(universe, parseEther('1')) };
      const data = encodeFunctionData({ abi: wethAbi, functionName: 'withdraw', args: [amount] });
      return { ...base, kind: 'unwrap', to: universe.weth, data, gas: GAS.unwrap };
    }
    default:
      return assertNever(intent);
  }
}

type ActionBody = Omit<ResolvedAction, 'account' | 'maxPriorityFeePerGas'>;

function resolveSwap(
  intent: Extract<ActionIntent, { kind: 'swap' }>,
  universe: ActivityUniverse,
  state: TickState,
  account: LocalAccount,
): ActionBody {
  const pair = pairOf(universe, intent.pair);
  const [reserve0, reserve1] = state.reservesOf(pair.address);
  const token0 = tokenByAddress(universe, pair.token0);
  const token1 = tokenByAddress(universe, pair.token1);
  const zeroForOne = intent.directionRoll < sellToken0Probability(token0, token1, reserve0, reserve1);
  const [tokenIn, tokenOut, reserveIn, reserveOut] = zeroForOne
    ? [token0, token1, reserve0, reserve1]
    : [token1, token0, reserve1, reserve0];
  const shallow = poolUsd(token0, reserve0) * 2 < SHALLOW_POOL_USD;
  const fraction = shallow ? 0.002 + intent.sizeRoll * 0.028 : 0.0001 + intent.sizeRoll * 0.0029;
  const amountIn = scaleAmount(reserveIn, fraction);
  if (amountIn === 0n) return wrap(universe, parseEther('1'));
  if (state.balanceOf(account.address, tokenIn.address) < amountIn) return topUp(universe, account, tokenIn, amountIn);
  const amountOutMin = (getAmountOut(amountIn, reserveIn, reserveOut) * (10_000n - SLIPPAGE_BPS)) / 10_000n;
  const data = encodeFunctionData({
    abi: uniswapV2RouterAbi,
    functionName: 'swapExactTokensForTokens',
    args: [amountIn, amountOutMin, [tokenIn.address, tokenOut.address], account.address, maxUint256],
  });
  return { kind: 'swap', to: universe.router, data, gas: GAS.swap };
}

// 0.5 at the reference price; up to 0.8 when token0 trades 15% or more above it.
function sellToken0Probability(token0: DevnetToken, token1: DevnetToken, reserve0: bigint, reserve1: bigint): number {
  if (reserve0 === 0n || reserve1 === 0n) return 0.5;
  const price0In1 = (Number(reserve1) / 10 ** token1.decimals) / (Number(reserve0) / 10 ** token0.decimals);
  const deviation = Math.log(price0In1 / (token0.referencePriceUsd / token1.referencePriceUsd));
  return Math.min(0.8, Math.max(0.2, 0.5 + 2 * deviation));
}

function poolUsd(token: DevnetToken, reserve: bigint): number {
  return (Number(reserve) / 10 ** token.decimals) * token.referencePriceUsd;
}

function topUp(universe: ActivityUniverse, account: LocalAccount, token: DevnetToken, needed: bigint): ActionBody {
  if (token.address === universe.weth) return wrap(universe, needed * 2n > parseEther('1') ? needed * 2n : parseEther('1'));
  const usual = usdToAmountRaw(token, TOP_UP_USD);
  const amount = needed * 2n > usual ? needed * 2n : usual;
  const data = encodeFunctionData({ abi: erc20Abi, functionName: 'mint', args: [account.address, amount] });
  return { kind: 'mint', to: token.address, data, gas: GAS.mint };
}

function wrap(universe: ActivityUniverse, value: bigint): ActionBody {
  return { kind: 'wrap', to: universe.weth, data: encodeFunctionData({ abi: wethAbi, functionName: 'deposit' }), value, gas: GAS.wrap };
}

function traderOf(universe: ActivityUniverse, index: number): LocalAccount {
  return at(universe.traders, index, 'trader');
}
function tokenOf(universe: ActivityUniverse, index: number): DevnetToken {
  return at(universe.tokens, index, 'token');
}
function pairOf(universe: ActivityUniverse, index: number): DevnetV2Pair {
  return at(universe.pairs, index, 'pair');
}
function tokenByAddress(universe: ActivityUniverse, address: Address): DevnetToken {
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
