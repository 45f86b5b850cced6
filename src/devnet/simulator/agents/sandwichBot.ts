import { formatUnits, parseEther, parseGwei, type Address, type Hash, type LocalAccount } from 'viem';
import type { TxRequest } from '../../activity/createTxSender.js';
import type { DevnetToken } from '../../protocols/tokens.js';
import type { DevnetV2Pair } from '../../protocols/uniswapV2.js';
import { createAgentWallets } from '../createAgentWallets.js';
import { fundWallets } from '../fundWallets.js';
import type { Agent, PendingLabel, SimDeployment, SimWorld } from '../types.js';
import { buildExactInSwap, readOrientedReserves } from './adversarialSwaps.js';
import { lower, pairByTokens, readTokenBalances, tokenByAddress } from './adversarialLookups.js';
import {
  decodeRouterSwap,
  effectiveTip,
  listPendingTxs,
  nextBaseFee,
  type MempoolTx,
  type PendingSwap,
} from './sandwichBotMempool.js';
import { planSandwich, type SandwichPlan } from './sandwichBotMath.js';

/** Options of {@link createSandwichBot}. */
export interface SandwichBotOptions {
  /** Same seed, same wallets (on every chain). */
  seed: number;
  /** The chain it acts on. */
  chainId: number;
  /** Bot wallets, used in turn (one sandwich per tick). Default 1. */
  count?: number;
  /** Smallest expected profit worth a sandwich, after gas, in USD. Default 25. */
  minProfitUsd?: number;
}

/** Each bot wallet holds this much of every token (minted or wrapped in setup). */
const FUNDING_USD = 3_000_000;
const ETH_BALANCE = parseEther('5000');
const GAS_USED_ESTIMATE = 300_000n; // front + back, ~110-150k each
const MIN_BUMP = parseGwei('1');

interface Fees {
  maxFeePerGas: bigint;
  maxPriorityFeePerGas: bigint;
}

interface Opportunity {
  victim: PendingSwap;
  pair: DevnetV2Pair;
  tokenIn: DevnetToken;
  tokenOut: DevnetToken;
  plan: SandwichPlan;
  front: Fees;
  back: Fees;
  profitUsd: number;
}

/**
 * A sandwich bot (phase `searchers`). Each tick it reads the mempool (`txpool_content`), decodes pending
 * one-hop Router02 swaps (exact input or exact output, tokens or ETH), and around the most profitable one sends a
 * front-run with a higher max fee and tip than the victim and a back-run with lower ones, so the mined block runs
 * front, victim, back on the same pair. anvil orders a block by `maxFeePerGas` (ties: arrival), a real builder by
 * tip: both are set, so either order holds. The front-run is sized so the victim's own slippage limit still holds.
 * Skips pairs with more than one pending swap (it cannot predict their order). Label: `sandwich`.
 */
export function createSandwichBot(options: SandwichBotOptions): Agent {
  const wallets = createAgentWallets('sandwich_bot', options.seed, options.count ?? 1);
  const ours = new Set(wallets.map((wallet) => lower(wallet.address)));
  const minProfitUsd = options.minProfitUsd ?? 25;
  return {
    kind: 'sandwich_bot',
    phase: 'searchers',
    wallets,
    async setup(world) {
      const tokensUsd = Object.fromEntries(world.deployment.tokens.map((token) => [token.symbol, FUNDING_USD]));
      await fundWallets(world, wallets, { ethWei: ETH_BALANCE, tokensUsd, spenders: [world.deployment.v2.router] });
    },
    async act(world, tick) {
      const wallet = wallets[tick.index % wallets.length] as LocalAccount;
      const opportunity = await findOpportunity(world, wallet, ours, minProfitUsd);
      if (!opportunity) return [];
      const [front, back] = await sendSandwich(world, wallet, opportunity);
      return [buildLabel(wallet, opportunity, front, back)];
    },
  };
}

async function findOpportunity(
  world: SimWorld,
  wallet: LocalAccount,
  ours: ReadonlySet<string>,
  minProfitUsd: number,
): Promise<Opportunity | undefined> {
  const { publicClient, testClient } = world.clients;
  const [content, latest] = await Promise.all([testClient.getTxpoolContent(), publicClient.getBlock({ blockTag: 'latest' })]);
  const baseFee = nextBaseFee(latest);
  const pending = listPendingTxs(content);
  let best: Opportunity | undefined;
  for (const { victim, pair } of selectVictims(world.deployment, pending, ours)) {
    const tokenIn = tokenByAddress(world.deployment, victim.path[0] as Address);
    const tokenOut = tokenByAddress(world.deployment, victim.path[1] as Address);
    const fees = sandwichFees(victim.tx, pending, baseFee);
    if (!tokenIn || !tokenOut || !fees) continue;
    const [reserves, [balance]] = await Promise.all([
      readOrientedReserves(world, pair, tokenIn.address),
      readTokenBalances(world, wallet.address, [tokenIn.address]),
    ]);
    const plan = planSandwich(reserves, victim.limit, balance ?? 0n);
    if (!plan) continue;
    const gasUsd = Number(formatUnits(GAS_USED_ESTIMATE * (baseFee + fees.front.maxPriorityFeePerGas), 18)) * world.prices.priceUsd('WETH');
    const profitUsd = Number(formatUnits(plan.profit, tokenIn.decimals)) * world.prices.priceUsd(tokenIn.symbol) - gasUsd;
    if (profitUsd < minProfitUsd || (best && profitUsd <= best.profitUsd)) continue;
    best = { victim, pair, tokenIn, tokenOut, plan, ...fees, profitUsd };
  }
  return best;
}

/**
 * Pending one-hop router swaps by others, on a deployed pair that no other pending transaction touches
 * (another swap on the pair would land at an unknown place in the block and spoil the arithmetic).
 */
function selectVictims(
  deployment: SimDeployment,
  pending: readonly MempoolTx[],
  ours: ReadonlySet<string>,
): { victim: PendingSwap; pair: DevnetV2Pair }[] {
  const touches = new Map<string, number>();
  const count = (pair: Address) => touches.set(lower(pair), (touches.get(lower(pair)) ?? 0) + 1);
  const swaps: PendingSwap[] = [];
  for (const tx of pending) {
    const swap = decodeRouterSwap(tx, deployment.v2.router);
    if (!swap) {
      const direct = deployment.v2.pairs.find((pair) => tx.to && lower(pair.address) === lower(tx.to));
      if (direct) count(direct.address);
      continue;
    }
    swaps.push(swap);
    for (let hop = 0; hop + 1 < swap.path.length; hop++) {
      const pair = pairByTokens(deployment, swap.path[hop] as Address, swap.path[hop + 1] as Address);
      if (pair) count(pair.address);
    }
  }
  return swaps.flatMap((victim) => {
    if (victim.path.length !== 2 || ours.has(lower(victim.tx.from))) return [];
    const pair = pairByTokens(deployment, victim.path[0] as Address, victim.path[1] as Address);
    return pair && touches.get(lower(pair.address)) === 1 ? [{ victim, pair }] : [];
  });
}

/**
 * Fees that put the front-run before the victim and the back-run after it, by max fee and by tip alike.
 * Undefined when the victim pays too little to undercut, or when an earlier transaction of the victim's
 * sender (which must run first) would sort after the back-run.
 */
function sandwichFees(victim: MempoolTx, pending: readonly MempoolTx[], baseFee: bigint): { front: Fees; back: Fees } | undefined {
  const victimTip = effectiveTip(victim, baseFee);
  if (victimTip < 2n || victim.maxFeePerGas <= baseFee + 1n) return undefined;
  const bump = victimTip / 10n > MIN_BUMP ? victimTip / 10n : MIN_BUMP;
  const front = { maxFeePerGas: victim.maxFeePerGas + bump, maxPriorityFeePerGas: victimTip + bump };
  const back = { maxFeePerGas: victim.maxFeePerGas - 1n, maxPriorityFeePerGas: victimTip - 1n };
  const blocked = pending.some(
    (tx) =>
      lower(tx.from) === lower(victim.from) &&
      tx.nonce < victim.nonce &&
      (tx.maxFeePerGas <= back.maxFeePerGas || effectiveTip(tx, baseFee) <= back.maxPriorityFeePerGas),
  );
  return blocked ? undefined : { front, back };
}

// Signed here rather than through `world.sender`, which derives the max fee from the base fee: the order
// of a sandwich needs both fee fields chosen relative to the victim's. The bot's wallets are its own, so
// the node's pending nonce is the next one.
async function sendSandwich(world: SimWorld, wallet: LocalAccount, opportunity: Opportunity): Promise<[Hash, Hash]> {
  const { plan, tokenIn, tokenOut } = opportunity;
  const router = world.deployment.v2.router;
  const frontRequest = buildExactInSwap({
    account: wallet,
    router,
    path: [tokenIn.address, tokenOut.address],
    amountIn: plan.frontAmountIn,
    amountOutMin: plan.frontAmountOut,
    maxPriorityFeePerGas: opportunity.front.maxPriorityFeePerGas,
  });
  const backRequest = buildExactInSwap({
    account: wallet,
    router,
    path: [tokenOut.address, tokenIn.address],
    amountIn: plan.frontAmountOut,
    amountOutMin: plan.frontAmountIn, // never sell back at a loss
    maxPriorityFeePerGas: opportunity.back.maxPriorityFeePerGas,
  });
  const nonce = await world.clients.publicClient.getTransactionCount({ address: wallet.address, blockTag: 'pending' });
  const front = await signAndSend(world, frontRequest, opportunity.front, nonce);
  const back = await signAndSend(world, backRequest, opportunity.back, nonce + 1);
  return [front, back];
}

async function signAndSend(world: SimWorld, request: TxRequest, fees: Fees, nonce: number): Promise<Hash> {
  const serializedTransaction = await request.account.signTransaction({
    chainId: world.chainId,
    type: 'eip1559',
    nonce,
    to: request.to,
    data: request.data,
    value: 0n,
    gas: request.gas,
    ...fees,
  });
  return world.clients.publicClient.sendRawTransaction({ serializedTransaction });
}

function buildLabel(wallet: LocalAccount, opportunity: Opportunity, front: Hash, back: Hash): PendingLabel {
  const { plan, victim, pair, tokenIn, tokenOut } = opportunity;
  return {
    kind: 'sandwich',
    txHashes: [front, victim.tx.hash, back],
    actors: [lower(wallet.address), lower(victim.tx.from)],
    targets: [lower(pair.address)],
    amounts: {
      frontAmountInRaw: plan.frontAmountIn.toString(),
      frontAmountOutRaw: plan.frontAmountOut.toString(),
      victimAmountInRaw: plan.victimAmountIn.toString(),
      victimAmountOutRaw: plan.victimAmountOut.toString(),
      backAmountOutRaw: plan.backAmountOut.toString(),
      expectedProfitRaw: plan.profit.toString(),
    },
    meta: {
      tokenIn: tokenIn.symbol,
      tokenOut: tokenOut.symbol,
      profitToken: tokenIn.symbol,
      expectedProfitUsd: Math.round(opportunity.profitUsd * 100) / 100,
    },
  };
}
