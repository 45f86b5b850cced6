import { encodeFunctionData, maxUint256, parseEther, parseGwei, parseUnits, type LocalAccount } from 'viem';
import { getAmountOut } from '../../activity/v2Math.js';
import { createAgentWallets } from '../createAgentWallets.js';
import { fundWallets } from '../fundWallets.js';
import type { Agent, SimWorld } from '../types.js';
import { buildExactInSwap, minusBps, readOrientedReserves, routerSwapAbi, V2_SWAP_GAS } from './adversarialSwaps.js';
import { pairBySymbols, tokenBySymbol } from './adversarialLookups.js';

/** Options of {@link createHarnessVictim}. */
export interface HarnessVictimOptions {
  seed: number;
  chainId: number;
  /** The pool it trades, by symbols; the first must be WETH (it pays ETH on even ticks). Default WETH/USDC. */
  pair?: readonly [string, string];
  /** Trade sizes in USD, used in turn. Default [300,000]. */
  sizesUsd?: readonly number[];
  /** Slippage tolerance. Default 200 bps. */
  slippageBps?: number;
}

/**
 * Test helper (phase `users`): one retail wallet sending a large router swap every tick, alternating
 * `swapExactETHForTokens` (ETH in) and `swapExactTokensForTokens` (token back to WETH). Returns no labels.
 */
export function createHarnessVictim(options: HarnessVictimOptions): Agent {
  const [symbolA, symbolB] = options.pair ?? ['WETH', 'USDC'];
  const sizesUsd = options.sizesUsd ?? [300_000];
  const wallets = createAgentWallets('harness-victim', options.seed, 1);
  const wallet = wallets[0] as LocalAccount;
  return {
    kind: 'retail',
    phase: 'users',
    wallets,
    async setup(world) {
      await fundWallets(world, wallets, {
        ethWei: parseEther('100000'),
        tokensUsd: { [symbolB]: 20_000_000 },
        spenders: [world.deployment.v2.router],
      });
    },
    async act(world, tick) {
      const ethIn = tick.index % 2 === 0;
      const tokenIn = tokenBySymbol(world.deployment, ethIn ? symbolA : symbolB);
      const tokenOut = tokenBySymbol(world.deployment, ethIn ? symbolB : symbolA);
      const pair = pairBySymbols(world.deployment, symbolA, symbolB);
      const sizeUsd = sizesUsd[tick.index % sizesUsd.length] as number;
      const amountIn = parseUnits((sizeUsd / world.prices.priceUsd(tokenIn.symbol)).toFixed(6), tokenIn.decimals);
      const { reserveIn, reserveOut } = await readOrientedReserves(world, pair, tokenIn.address);
      const amountOutMin = minusBps(getAmountOut(amountIn, reserveIn, reserveOut), options.slippageBps ?? 200);
      const path = [tokenIn.address, tokenOut.address];
      const maxPriorityFeePerGas = parseGwei('2');
      await world.sender.send(
        ethIn
          ? {
              account: wallet,
              to: world.deployment.v2.router,
              data: encodeFunctionData({
                abi: routerSwapAbi,
                functionName: 'swapExactETHForTokens',
                args: [amountOutMin, path, wallet.address, maxUint256],
              }),
              value: amountIn,
              gas: V2_SWAP_GAS,
              maxPriorityFeePerGas,
            }
          : buildExactInSwap({ account: wallet, router: world.deployment.v2.router, path, amountIn, amountOutMin, maxPriorityFeePerGas }),
      );
      return [];
    },
  };
}

/** Options of {@link createHarnessAligner}. */
export interface HarnessAlignerOptions {
  seed: number;
  chainId: number;
  /** Pools it keeps aligned, by symbols. Default: every pair without MEME. */
  pairs?: readonly (readonly [string, string])[];
  /** Deviation below which a pool is left alone. Default 5 bps. */
  toleranceBps?: number;
}

/**
 * Test helper (phase `users`, highest tip so it runs first in a block): a stand-in arbitrageur that swaps each
 * pool back to the price world's current relative price, so pool prices follow the reference path.
 * Returns no labels.
 */
export function createHarnessAligner(options: HarnessAlignerOptions): Agent {
  const wallets = createAgentWallets('harness-aligner', options.seed, 1);
  const wallet = wallets[0] as LocalAccount;
  const tolerance = (options.toleranceBps ?? 5) / 10_000;
  return {
    kind: 'arbitrageur',
    phase: 'users',
    wallets,
    async setup(world) {
      const tokensUsd = Object.fromEntries(world.deployment.tokens.map((token) => [token.symbol, 500_000_000]));
      await fundWallets(world, wallets, { ethWei: parseEther('200000'), tokensUsd, spenders: [world.deployment.v2.router] });
    },
    async act(world) {
      const pairs = options.pairs
        ? options.pairs.map(([a, b]) => pairBySymbols(world.deployment, a, b))
        : world.deployment.v2.pairs.filter((pair) => pair.symbol0 !== 'MEME' && pair.symbol1 !== 'MEME');
      for (const pair of pairs) await align(world, wallet, pair, tolerance);
      return [];
    },
  };
}

async function align(world: SimWorld, wallet: LocalAccount, pair: SimWorld['deployment']['v2']['pairs'][number], tolerance: number) {
  const token0 = tokenBySymbol(world.deployment, pair.symbol0);
  const token1 = tokenBySymbol(world.deployment, pair.symbol1);
  const { reserveIn: reserve0, reserveOut: reserve1 } = await readOrientedReserves(world, pair, token0.address);
  // Raw price: token1 base units per token0 base unit.
  const target =
    (world.prices.priceUsd(token0.symbol) / world.prices.priceUsd(token1.symbol)) * 10 ** (token1.decimals - token0.decimals);
  const [r0, r1] = [Number(reserve0), Number(reserve1)];
  const current = r1 / r0;
  if (Math.abs(current / target - 1) < tolerance) return;
  const buyToken0 = current < target;
  const amountIn = buyToken0 ? (Math.sqrt(r0 * r1 * target) - r1) / 0.997 : (Math.sqrt((r0 * r1) / target) - r0) / 0.997;
  const [tokenIn, tokenOut, reserveIn, reserveOut] = buyToken0
    ? [token1, token0, reserve1, reserve0]
    : [token0, token1, reserve0, reserve1];
  const amountInRaw = BigInt(Math.floor(amountIn));
  if (amountInRaw <= 0n) return;
  const amountOutMin = minusBps(getAmountOut(amountInRaw, reserveIn, reserveOut), 100);
  await world.sender.send(
    buildExactInSwap({
      account: wallet,
      router: world.deployment.v2.router,
      path: [tokenIn.address, tokenOut.address],
      amountIn: amountInRaw,
      amountOutMin,
      maxPriorityFeePerGas: parseGwei('20'),
    }),
  );
}
