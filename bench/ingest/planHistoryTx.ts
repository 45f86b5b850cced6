import { encodeFunctionData, maxUint256, parseAbi, type Address, type Hex } from 'viem';
import { erc20Abi, uniswapV2RouterAbi } from '../../src/devnet/abis.js';
import type { DevnetToken } from '../../src/devnet/protocols/tokens.js';
import { usdToAmountRaw } from '../../src/devnet/protocols/tokens.js';
import type { DevnetV2Pair } from '../../src/devnet/protocols/uniswapV2.js';
import type { Random } from '../../src/devnet/utils/random.js';

/** The router call the devnet ABI lacks. */
export const removeLiquidityAbi = parseAbi([
  'function removeLiquidity(address tokenA, address tokenB, uint256 liquidity, uint256 amountAMin, uint256 amountBMin, address to, uint256 deadline) returns (uint256 amountA, uint256 amountB)',
]);

/** Kinds of history transactions, with the decoded events each yields (ERC-20 Transfers of our tokens + V2 pair events). */
export const HISTORY_TX_EVENTS = {
  /** MintableERC20.mint: Transfer. */
  mint: 1,
  /** ERC-20 transfer: Transfer. */
  transfer: 1,
  /** One-hop router swap: Transfer in, Transfer out, Sync, Swap. */
  swap: 4,
  /** Two-hop router swap via WETH: 3 Transfers, 2 Syncs, 2 Swaps. */
  swap2: 7,
  /** Router addLiquidity: 2 Transfers, Sync, Mint (the LP token's own Transfer is not a token we index). */
  addLiquidity: 4,
  /** Router removeLiquidity: 2 Transfers, Sync, Burn (LP Transfers not indexed). */
  removeLiquidity: 4,
} as const;

export type HistoryTxKind = keyof typeof HISTORY_TX_EVENTS;

/** Share of each kind in the generated history. */
export const HISTORY_TX_MIX: Readonly<Record<HistoryTxKind, number>> = {
  mint: 30,
  transfer: 15,
  swap: 38,
  swap2: 12,
  addLiquidity: 3,
  removeLiquidity: 2,
};

/** An unsigned transaction for anvil's `eth_sendTransaction` (its dev accounts are unlocked). */
export interface HistoryTx {
  kind: HistoryTxKind;
  from: Address;
  to: Address;
  data: Hex;
  gas: bigint;
}

/** What the planner draws from. */
export interface HistoryContext {
  traders: readonly Address[];
  tokens: readonly DevnetToken[];
  pairs: readonly DevnetV2Pair[];
  router: Address;
  weth: Address;
  /** LP tokens each remove burns, per pair address (a tiny share of the supply traders hold). */
  lpPerRemove: ReadonlyMap<Address, bigint>;
}

const GAS: Readonly<Record<HistoryTxKind, bigint>> = {
  mint: 120_000n,
  transfer: 90_000n,
  swap: 220_000n,
  swap2: 330_000n,
  addLiquidity: 300_000n,
  removeLiquidity: 300_000n,
};

/** Recipients of mints and transfers: plain addresses nobody controls. */
const HOLDERS: Address[] = Array.from({ length: 64 }, (_, i) => `0x${(0xb00c0 + i).toString(16).padStart(40, '0')}` as Address);

function tokenOf(context: HistoryContext, address: Address): DevnetToken {
  const token = context.tokens.find((t) => t.address === address);
  if (!token) throw new RangeError(`unknown token ${address}`);
  return token;
}

function swapPath(random: Random, context: HistoryContext, hops: 1 | 2): Address[] {
  if (hops === 1) {
    const pair = random.pick(context.pairs);
    return random.chance(0.5) ? [pair.token0, pair.token1] : [pair.token1, pair.token0];
  }
  const viaWeth = context.tokens.filter((t) => t.address !== context.weth);
  const [a, b] = random.sample(viaWeth, 2) as [DevnetToken, DevnetToken];
  return [a.address, context.weth, b.address];
}

/**
 * Draws one history transaction. Amounts are a few hundred to a few thousand USD at reference prices, small
 * against the pools and the traders' balances, and `amountOutMin` is 0, so nothing reverts.
 */
export function planHistoryTx(random: Random, context: HistoryContext): HistoryTx {
  const kind = random.weighted(HISTORY_TX_MIX);
  const from = random.pick(context.traders);
  const usd = random.float(50, 5000);
  const deadline = maxUint256;
  const base = { kind, from, gas: GAS[kind] };
  switch (kind) {
    case 'mint': {
      const token = random.pick(context.tokens.filter((t) => t.address !== context.weth));
      const data = encodeFunctionData({ abi: erc20Abi, functionName: 'mint', args: [random.pick(HOLDERS), usdToAmountRaw(token, usd)] });
      return { ...base, to: token.address, data };
    }
    case 'transfer': {
      const token = random.pick(context.tokens);
      const data = encodeFunctionData({ abi: erc20Abi, functionName: 'transfer', args: [random.pick(HOLDERS), usdToAmountRaw(token, usd / 10)] });
      return { ...base, to: token.address, data };
    }
    case 'swap':
    case 'swap2': {
      const path = swapPath(random, context, kind === 'swap' ? 1 : 2);
      const amountIn = usdToAmountRaw(tokenOf(context, path[0]!), usd);
      const data = encodeFunctionData({ abi: uniswapV2RouterAbi, functionName: 'swapExactTokensForTokens', args: [amountIn, 0n, path, from, deadline] });
      return { ...base, to: context.router, data };
    }
    case 'addLiquidity': {
      const pair = random.pick(context.pairs);
      const [t0, t1] = [tokenOf(context, pair.token0), tokenOf(context, pair.token1)];
      const args = [t0.address, t1.address, usdToAmountRaw(t0, usd / 2), usdToAmountRaw(t1, usd / 2), 0n, 0n, from, deadline] as const;
      return { ...base, to: context.router, data: encodeFunctionData({ abi: uniswapV2RouterAbi, functionName: 'addLiquidity', args }) };
    }
    case 'removeLiquidity': {
      const pair = random.pick(context.pairs);
      const liquidity = context.lpPerRemove.get(pair.address) ?? 0n;
      const args = [pair.token0, pair.token1, liquidity, 0n, 0n, from, deadline] as const;
      return { ...base, to: context.router, data: encodeFunctionData({ abi: removeLiquidityAbi, functionName: 'removeLiquidity', args }) };
    }
    default: {
      const exhaustive: never = kind;
      throw new TypeError(`unhandled kind ${String(exhaustive)}`);
    }
  }
}

/** Decoded events the mix yields per transaction on average. */
export function expectedEventsPerTx(): number {
  const total = Object.values(HISTORY_TX_MIX).reduce((a, b) => a + b, 0);
  return (Object.keys(HISTORY_TX_MIX) as HistoryTxKind[]).reduce((sum, kind) => sum + (HISTORY_TX_MIX[kind] * HISTORY_TX_EVENTS[kind]) / total, 0);
}
