import { parseEther, type Address } from 'viem';
import { uniswapV2PairAbi } from '../../abis.js';
import { v3PoolAbi } from '../../protocols/uniswapV3Abis.js';
import { fundWallets } from '../fundWallets.js';
import { readGroups } from '../readMany.js';
import { sendAll } from '../sendAll.js';
import type { Agent, SimWorld } from '../types.js';
import { balanceCalls, balanceKey, decodeBalances } from './agentHelpers.js';
import { planRetailTick } from './retailPlan.js';
import { resolveRetailIntent, retailReadsOf, type RetailTickState, type RetailUniverse } from './retailResolve.js';
import { createRetailWallets, DEFAULT_RETAIL_TRADERS } from './retailWallets.js';

/** Options of {@link createRetailAgent}. */
export interface CreateRetailAgentOptions {
  seed: number;
  chainId: number;
  /** Trader wallets. Default 16 (more when `txPerBlock.max * rate` needs them). */
  count?: number;
  /** Inclusive range of transactions per block. Default 2-6. */
  txPerBlock?: { min: number; max: number };
  /** Multiplies `txPerBlock`. Default 1. */
  rate?: number;
}

/** Starting balances of every trader: ETH for gas, ~30 WETH and 100k USD of every other token. */
const FUNDING = { ethWei: parseEther('10000'), tokensUsd: 100_000, wethUsd: 90_000 };

/**
 * Retail traders: each block a few distinct traders swap on Uniswap V2 (router) or V3 (SwapRouter), transfer
 * tokens to each other, or wrap/unwrap ETH, sized from chain state and leaning towards the reference prices.
 * Produces no labels (retail flow is the background detectors must not flag).
 */
export function createRetailAgent(options: CreateRetailAgentOptions): Agent {
  const rate = options.rate ?? 1;
  const range = options.txPerBlock ?? { min: 2, max: 6 };
  const txPerBlock = { min: Math.round(range.min * rate), max: Math.round(range.max * rate) };
  const wallets = createRetailWallets(options.seed, options.count ?? Math.max(DEFAULT_RETAIL_TRADERS, txPerBlock.max));
  let universe: RetailUniverse | undefined;
  const universeOf = (world: SimWorld): RetailUniverse =>
    (universe ??= {
      traders: wallets,
      tokens: world.deployment.tokens,
      pairs: world.deployment.v2.pairs,
      v3Pools: world.deployment.v3?.pools ?? [],
      weth: world.deployment.weth,
      router: world.deployment.v2.router,
      swapRouter: world.deployment.v3?.swapRouter,
    });

  return {
    kind: 'retail',
    phase: 'users',
    wallets,
    async setup(world) {
      const { deployment } = world;
      const tokensUsd = Object.fromEntries(deployment.tokens.map((token) => [token.symbol, token.address === deployment.weth ? FUNDING.wethUsd : FUNDING.tokensUsd]));
      const spenders = [deployment.v2.router, ...(deployment.v3 ? [deployment.v3.swapRouter] : [])];
      await fundWallets(world, wallets, { ethWei: FUNDING.ethWei, tokensUsd, spenders });
    },
    async act(world, _tick, random) {
      const u = universeOf(world);
      const intents = planRetailTick(random, {
        traderCount: wallets.length, tokenCount: u.tokens.length, pairCount: u.pairs.length, v3PoolCount: u.v3Pools?.length ?? 0, txPerBlock,
      });
      const state = await readRetailState(world, intents.map((intent) => retailReadsOf(intent, u)));
      await sendAll(world, intents.map((intent) => resolveRetailIntent(intent, u, state)), 'retail');
      return [];
    },
  };
}

// One eth_call at `latest`: balances, V2 reserves and V3 slot0/liquidity.
async function readRetailState(
  world: SimWorld,
  reads: readonly ReturnType<typeof retailReadsOf>[],
): Promise<RetailTickState> {
  const balancePairs = [...new Map(reads.flatMap((read) => read.balances.map(([owner, token]) => [`${owner}:${token}`, [owner, token] as const]))).values()];
  const pairs = [...new Set(reads.flatMap((read) => read.pairs))];
  const pools = [...new Set(reads.flatMap((read) => read.v3Pools))];
  const [balances, reserves, v3] = await readGroups(world, [
    balanceCalls(balancePairs),
    pairs.map((pair) => ({ address: pair, abi: uniswapV2PairAbi, functionName: 'getReserves' })),
    pools.flatMap((pool) => [
      { address: pool, abi: v3PoolAbi, functionName: 'slot0' },
      { address: pool, abi: v3PoolAbi, functionName: 'liquidity' },
    ]),
  ]);
  const balanceMap = decodeBalances(balancePairs, balances!);
  const reserveMap = new Map(pairs.map((pair, i) => {
    const [reserve0, reserve1] = reserves![i] as readonly [bigint, bigint, number];
    return [pair, [reserve0, reserve1] as const];
  }));
  const v3Map = new Map(pools.map((pool, i) => [pool, { sqrtPriceX96: (v3![2 * i] as readonly [bigint])[0], liquidity: v3![2 * i + 1] as bigint }]));
  return {
    balanceOf: (owner, token) => balanceMap.get(balanceKey(owner, token)) ?? 0n,
    reservesOf: (pair: Address) => reserveMap.get(pair) ?? [0n, 0n],
    v3StateOf: (pool) => v3Map.get(pool) ?? { sqrtPriceX96: 0n, liquidity: 0n },
    referencePriceUsd: (symbol) => world.prices.priceUsd(symbol),
  };
}
