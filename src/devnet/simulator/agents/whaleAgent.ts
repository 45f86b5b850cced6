import { parseEther, type Address } from 'viem';
import { createAgentWallets } from '../createAgentWallets.js';
import { fundWallets } from '../fundWallets.js';
import { buildMarketView, readPoolStates, type MarketView } from '../marketView.js';
import { quoteExactIn } from '../poolMath.js';
import { sendAll } from '../sendAll.js';
import { erc20Transfer, v2SwapExactIn, v3SwapExactInSingle, type TxBody } from '../txBuilders.js';
import type { Agent, SimWorld } from '../types.js';
import { asRequest, balanceKey, readBalances, topUpIfShort, usdToRaw } from './agentHelpers.js';

/** Options of {@link createWhaleAgent}. */
export interface CreateWhaleAgentOptions {
  seed: number;
  chainId: number;
  /** Whale wallets. Default 3. */
  count?: number;
  /** Multiplies the chance to act in a block. Default 1. */
  rate?: number;
}

const ACT_PROBABILITY = 0.04;
const FUNDING_USD: Readonly<Record<string, number>> = { WETH: 30e6, USDC: 30e6, USDT: 20e6, DAI: 10e6, WBTC: 20e6, LINK: 5e6, UNI: 2e6 };
const TRANSFER_SYMBOLS = ['USDC', 'USDT', 'WETH', 'WBTC', 'DAI'] as const;
const DEEP_PAIRS = ['WETH/USDC', 'WETH/USDT', 'WBTC/WETH'];
const ACTIONS = { transfer: 0.35, ethTransfer: 0.15, swap: 0.5 } as const;

/**
 * Whales: now and then a large ERC-20 transfer (1-8 M USD) or ETH transfer (300-3,000 ETH) to another whale or
 * a cold wallet, or a large swap (0.5-3 % of a deep pool's reserves, either direction) that moves prices for
 * the arbitrageurs to fix. Produces no labels.
 */
export function createWhaleAgent(options: CreateWhaleAgentOptions): Agent {
  const wallets = createAgentWallets('whale', options.seed, options.count ?? 3);
  const coldWallets = createAgentWallets('whale_cold_wallet', options.seed, 4).map((wallet) => wallet.address);
  const probability = Math.min(1, ACT_PROBABILITY * (options.rate ?? 1));
  let view: MarketView | undefined;
  return {
    kind: 'whale',
    phase: 'users',
    wallets,
    async setup(world) {
      const { deployment } = world;
      const tokensUsd = Object.fromEntries(deployment.tokens.flatMap((token) => (FUNDING_USD[token.symbol] ? [[token.symbol, FUNDING_USD[token.symbol]!]] : [])));
      const spenders = [deployment.v2.router, ...(deployment.v3 ? [deployment.v3.swapRouter] : [])];
      await fundWallets(world, wallets, { ethWei: parseEther('50000'), tokensUsd, spenders });
    },
    async act(world, _tick, random) {
      if (!random.chance(probability)) return [];
      view ??= buildMarketView(world.deployment);
      const wallet = random.pick(wallets);
      const action = random.weighted(ACTIONS);
      const destinations: Address[] = [...wallets.filter((other) => other !== wallet).map((other) => other.address), ...coldWallets];
      const to = random.pick(destinations);
      let bodies: TxBody[];
      if (action === 'ethTransfer') {
        bodies = [{ to, value: parseEther(String(random.int(300, 3000))), gas: 30_000n }];
      } else if (action === 'transfer') {
        const token = view.token(random.pick(TRANSFER_SYMBOLS));
        const amount = usdToRaw(world, token, random.float(1e6, 8e6));
        const balance = (await readBalances(world, [[wallet.address, token.address]])).get(balanceKey(wallet.address, token.address)) ?? 0n;
        bodies = [...topUpIfShort(world, wallet.address, token, balance, amount), erc20Transfer(token.address, to, amount)];
      } else {
        bodies = await planWhaleSwap(world, view, wallet.address, random.float(0.005, 0.03), random.chance(0.5), random.pick(DEEP_PAIRS), random.next());
      }
      await sendAll(world, bodies.map((body) => asRequest(wallet, 2, body)), 'whale');
      return [];
    },
  };
}

async function planWhaleSwap(world: SimWorld, view: MarketView, wallet: Address, fraction: number, zeroForOne: boolean, pairKey: string, poolRoll: number): Promise<TxBody[]> {
  const pools = view.pairs.get(pairKey) ?? [];
  const pool = pools[Math.floor(poolRoll * pools.length)];
  if (!pool) return [];
  const state = (await readPoolStates(world, [pool])).get(pool.address);
  if (!state) return [];
  const [tokenIn, tokenOut] = zeroForOne ? [pool.token0, pool.token1] : [pool.token1, pool.token0];
  const amountIn = BigInt(Math.floor((zeroForOne ? state.virtual.x : state.virtual.y) * fraction));
  const minOut = (quoteExactIn(state.virtual, zeroForOne, amountIn) * 90n) / 100n;
  const balance = (await readBalances(world, [[wallet, tokenIn.address]])).get(balanceKey(wallet, tokenIn.address)) ?? 0n;
  const topUp = topUpIfShort(world, wallet, tokenIn, balance, amountIn);
  if (pool.protocol === 'uniswap-v2') {
    return [...topUp, v2SwapExactIn(world.deployment.v2.router, { amountIn, amountOutMin: minOut, path: [tokenIn.address, tokenOut.address], to: wallet })];
  }
  const router = world.deployment.v3?.swapRouter;
  if (!router) return [];
  return [...topUp, v3SwapExactInSingle(router, { tokenIn: tokenIn.address, tokenOut: tokenOut.address, fee: pool.fee, amountIn, amountOutMinimum: minOut, recipient: wallet })];
}
