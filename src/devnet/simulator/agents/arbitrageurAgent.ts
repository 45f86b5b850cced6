import { parseEther, type Address, type Hash, type LocalAccount } from 'viem';
import { MAX_SQRT_RATIO, MIN_SQRT_RATIO } from '../../protocols/uniswapV3Math.js';
import { createAgentWallets } from '../createAgentWallets.js';
import { fundWallets } from '../fundWallets.js';
import { buildMarketView, decodePoolStates, humanPrice, poolStateCalls, referenceRawPrice, type MarketPool, type MarketView, type PoolState } from '../marketView.js';
import { readGroups } from '../readMany.js';
import { rawPrice, rawPriceToSqrtPriceX96 } from '../poolMath.js';
import { sendAll } from '../sendAll.js';
import { v2SwapExactIn, v3SwapExactInSingle, v3SwapExactInTwoHops, type TxBody } from '../txBuilders.js';
import type { Agent, PendingLabel, SimWorld } from '../types.js';
import { asRequest, balanceCalls, balanceKey, decodeBalances, rawToUsd, topUpIfShort, usdToRaw } from './agentHelpers.js';
import { findRebalance, findTwoPoolArbitrage, type Rebalance, type TwoPoolArbitrage } from './arbitrageurPlan.js';

/** Options of {@link createArbitrageurAgent}. */
export interface CreateArbitrageurAgentOptions {
  seed: number;
  chainId: number;
  /** Most single-pool rebalancing trades per block. Default 4 (times `rate`, at least 1). */
  maxRebalancesPerBlock?: number;
  /** Smallest expected profit of a labelled arbitrage, in USD. Default 20. */
  minProfitUsd?: number;
  rate?: number;
}

/** Last in the block (users 1-3 gwei, liquidators 0.8): its pending-state reads are the state it trades on. */
const TIP_GWEI = 0.5;
const FUNDING_USD = 8_000_000;
/** Inventory caps each trade: a big dislocation is closed over several blocks. */
const MAX_TRADE_USD = 2_000_000;
const MIN_REBALANCE_USD = 500;
/** Tokens without a reference market: their on-chain price is the truth (pump-and-dump targets). */
const UNREFERENCED = new Set(['MEME']);

/**
 * Arbitrageurs (searchers, last in the block): read every pool at the pending state; per pair, buy token0 in
 * the pool furthest below the reference and sell it in the one furthest above (one `exactInput` through both
 * pools when both are V3, else two transactions in the same block), labelled `arbitrage`; then trade pools
 * still outside their fee band back to it against the reference (CEX-DEX arbitrage, unlabelled: nothing on
 * chain shows the other leg). Wallet 0 does the labelled arbitrages, wallet 1 the rebalancing.
 */
export function createArbitrageurAgent(options: CreateArbitrageurAgentOptions): Agent {
  const wallets = createAgentWallets('arbitrageur', options.seed, 2);
  const maxRebalances = Math.max(1, Math.round((options.maxRebalancesPerBlock ?? 4) * (options.rate ?? 1)));
  let view: MarketView | undefined;
  return {
    kind: 'arbitrageur',
    phase: 'searchers',
    wallets,
    async setup(world) {
      const { deployment } = world;
      const tokensUsd = Object.fromEntries(deployment.tokens.filter((token) => !UNREFERENCED.has(token.symbol)).map((token) => [token.symbol, FUNDING_USD]));
      const spenders = [deployment.v2.router, ...(deployment.v3 ? [deployment.v3.swapRouter] : [])];
      await fundWallets(world, wallets, { ethWei: parseEther('100000'), tokensUsd, spenders });
    },
    async act(world) {
      view ??= buildMarketView(world.deployment);
      const pools = view.pools.filter((pool) => !UNREFERENCED.has(pool.token0.symbol) && !UNREFERENCED.has(pool.token1.symbol));
      const balancePairs = wallets.flatMap((wallet) => view!.tokens.map((token) => [wallet.address, token.address] as const));
      // One eth_call at the pending block: the state this arbitrageur's transactions will execute on.
      const [poolResults, balanceResults] = await readGroups(world, [poolStateCalls(pools), balanceCalls(balancePairs)], 'pending');
      const states = decodePoolStates(pools, poolResults!);
      const balances = decodeBalances(balancePairs, balanceResults!);
      const [arbitrager, rebalancer] = wallets as [LocalAccount, LocalAccount];
      const used = new Set<Address>();
      const requests = [];
      const labels: { indexes: number[]; label: Omit<PendingLabel, 'txHashes'> }[] = [];
      for (const [, group] of [...view.pairs].sort(([a], [b]) => a.localeCompare(b))) {
        const groupStates = group.flatMap((pool) => states.get(pool.address) ?? []);
        if (groupStates.length < 2) continue;
        const reference = referenceRawPrice(group[0]!, world.prices);
        const minProfit = minProfitRaw(world, group[0]!, options.minProfitUsd ?? 20);
        const token0 = group[0]!.token0;
        const maxBase = Number(usdToRaw(world, token0, MAX_TRADE_USD));
        const arb = findTwoPoolArbitrage(groupStates, reference, minProfit, { maxBase });
        if (!arb) continue;
        used.add(arb.cheap.pool.address).add(arb.dear.pool.address);
        const { bodies, labelledFrom } = arbitrageBodies(world, arb, arbitrager.address, balances);
        const first = requests.length;
        requests.push(...bodies.map((body) => asRequest(arbitrager, TIP_GWEI, body)));
        labels.push({ indexes: bodies.map((_, i) => first + i).slice(labelledFrom), label: arbitrageLabel(arb, arbitrager.address, reference) });
      }
      const rebalances = [...states.values()]
        .filter((state) => !used.has(state.pool.address))
        .flatMap((state) => {
          const cap = (zeroForOne: boolean) => usdToRaw(world, zeroForOne ? state.pool.token0 : state.pool.token1, MAX_TRADE_USD);
          return findRebalance(state, referenceRawPrice(state.pool, world.prices), { maxAmountIn: cap }) ?? [];
        })
        .filter((rebalance) => rawToUsd(world, rebalance.zeroForOne ? rebalance.state.pool.token0 : rebalance.state.pool.token1, rebalance.amountIn) >= MIN_REBALANCE_USD)
        .sort((a, b) => b.deviation - a.deviation)
        .slice(0, maxRebalances);
      for (const rebalance of rebalances) {
        requests.push(...rebalanceBodies(world, rebalance, rebalancer.address, balances).map((body) => asRequest(rebalancer, TIP_GWEI, body)));
      }
      const hashes = await sendAll(world, requests, 'arbitrageur');
      return labels.flatMap(({ indexes, label }) => {
        const txHashes = indexes.map((index) => hashes[index]);
        return txHashes.every((hash): hash is Hash => hash !== undefined) ? [{ ...label, txHashes }] : [];
      });
    },
  };
}

// Top-ups first (unlabelled), then one two-hop V3 swap, or two single-pool legs.
function arbitrageBodies(world: SimWorld, arb: TwoPoolArbitrage, wallet: Address, balances: Map<string, bigint>): { bodies: TxBody[]; labelledFrom: number } {
  const { token0, token1 } = arb.cheap.pool;
  const router = world.deployment.v3?.swapRouter;
  const topUps = topUpIfShort(world, wallet, token1, balances.get(balanceKey(wallet, token1.address)) ?? 0n, arb.amountIn);
  if (arb.cheap.pool.protocol === 'uniswap-v3' && arb.dear.pool.protocol === 'uniswap-v3' && router) {
    const swap = v3SwapExactInTwoHops(router, {
      tokens: [token1.address, token0.address, token1.address], fees: [arb.cheap.pool.fee, arb.dear.pool.fee],
      amountIn: arb.amountIn, amountOutMinimum: arb.amountIn + arb.profit / 2n, recipient: wallet,
    });
    return { bodies: [...topUps, swap], labelledFrom: topUps.length };
  }
  topUps.push(...topUpIfShort(world, wallet, token0, balances.get(balanceKey(wallet, token0.address)) ?? 0n, arb.baseAmount));
  const buy = swapBody(world, arb.cheap, false, arb.amountIn, arb.baseAmount, arb.targetCheap, wallet);
  const sell = swapBody(world, arb.dear, true, arb.baseAmount, arb.amountOut, arb.targetDear, wallet);
  return { bodies: [...topUps, buy, sell], labelledFrom: topUps.length };
}

function rebalanceBodies(world: SimWorld, rebalance: Rebalance, wallet: Address, balances: Map<string, bigint>): TxBody[] {
  const { pool } = rebalance.state;
  const tokenIn = rebalance.zeroForOne ? pool.token0 : pool.token1;
  return [
    ...topUpIfShort(world, wallet, tokenIn, balances.get(balanceKey(wallet, tokenIn.address)) ?? 0n, rebalance.amountIn),
    swapBody(world, rebalance.state, rebalance.zeroForOne, rebalance.amountIn, rebalance.amountOut, rebalance.target, wallet),
  ];
}

// One leg: V2 with a 0.5 % floor on the expected output, V3 with a price limit at the target (never past it).
function swapBody(world: SimWorld, state: PoolState, zeroForOne: boolean, amountIn: bigint, expectedOut: bigint, target: number, wallet: Address): TxBody {
  const { pool } = state;
  const [tokenIn, tokenOut] = zeroForOne ? [pool.token0, pool.token1] : [pool.token1, pool.token0];
  const amountOutMin = (expectedOut * 995n) / 1000n;
  if (pool.protocol === 'uniswap-v2') {
    return v2SwapExactIn(world.deployment.v2.router, { amountIn, amountOutMin, path: [tokenIn.address, tokenOut.address], to: wallet });
  }
  let limit = rawPriceToSqrtPriceX96(target);
  if (limit <= MIN_SQRT_RATIO) limit = MIN_SQRT_RATIO + 1n;
  if (limit >= MAX_SQRT_RATIO) limit = MAX_SQRT_RATIO - 1n;
  return v3SwapExactInSingle(world.deployment.v3!.swapRouter, {
    tokenIn: tokenIn.address, tokenOut: tokenOut.address, fee: pool.fee, amountIn, amountOutMinimum: 0n, recipient: wallet, sqrtPriceLimitX96: limit,
  });
}

function arbitrageLabel(arb: TwoPoolArbitrage, wallet: Address, reference: number): Omit<PendingLabel, 'txHashes'> {
  const { pool } = arb.cheap;
  const venue = (p: MarketPool) => (p.protocol === 'uniswap-v2' ? 'uniswap-v2' : `uniswap-v3:${p.fee}`);
  const round = (value: number) => Number(value.toPrecision(10));
  return {
    kind: 'arbitrage',
    actors: [wallet],
    targets: [arb.cheap.pool.address, arb.dear.pool.address],
    amounts: { amountInRaw: arb.amountIn.toString(), baseAmountRaw: arb.baseAmount.toString(), expectedAmountOutRaw: arb.amountOut.toString(), expectedProfitRaw: arb.profit.toString() },
    meta: {
      pair: pool.pairKey,
      profitToken: pool.token1.symbol,
      buyVenue: venue(arb.cheap.pool),
      sellVenue: venue(arb.dear.pool),
      legs: arb.cheap.pool.protocol === 'uniswap-v3' && arb.dear.pool.protocol === 'uniswap-v3' ? 1 : 2,
      referencePrice: round(humanPrice(pool, reference)),
      buyPoolPriceBefore: round(humanPrice(pool, rawPrice(arb.cheap.virtual))),
      sellPoolPriceBefore: round(humanPrice(pool, rawPrice(arb.dear.virtual))),
    },
  };
}

function minProfitRaw(world: SimWorld, pool: MarketPool, usd: number): bigint {
  const units = usd / world.prices.priceUsd(pool.token1.symbol);
  return BigInt(Math.floor(units * 10 ** Math.min(pool.token1.decimals, 12))) * 10n ** BigInt(Math.max(0, pool.token1.decimals - 12));
}
