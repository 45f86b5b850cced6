import { encodeFunctionData, maxUint256, parseEther, parseGwei, type Address, type Hash, type LocalAccount } from 'viem';
import { erc20Abi } from '../../abis.js';
import { getAmountOut } from '../../activity/v2Math.js';
import { usdToAmountRaw, type DevnetToken } from '../../protocols/tokens.js';
import { createRandom, deriveSeed, type Random } from '../../utils/random.js';
import { createAgentWallets } from '../createAgentWallets.js';
import { fundWallets } from '../fundWallets.js';
import type { Agent, PendingLabel, SimWorld } from '../types.js';
import { buildExactInSwap, minusBps, orient, readOrientedReserves } from './adversarialSwaps.js';
import { lower, pairBySymbols, readTokenBalances, tokenBySymbol } from './adversarialLookups.js';

/** Options of {@link createSybilCluster}. */
export interface SybilClusterOptions {
  /** Same seed, same funder and members (on every chain). */
  seed: number;
  /** The chain it acts on; with the seed, picks the action token. */
  chainId: number;
  /** Members (the funder comes on top), clamped to 10-30. Default 20. */
  count?: number;
}

/** Tokens the members buy (with USDC, through WETH); one is picked from the seed. */
export const SYBIL_ACTION_SYMBOLS = ['UNI', 'LINK'] as const;

const FUNDING_SYMBOL = 'USDC';
const ETH_PER_MEMBER = parseEther('0.5');
const USD_PER_MEMBER = 2_000;
const SLIPPAGE_BPS = 500;
const TIP = parseGwei('1.1');
const GAS = { ethTransfer: 21_000n, erc20: 100_000n, swap: 300_000n } as const;

type State =
  | { phase: 'waiting'; ticksLeft: number }
  | { phase: 'funding'; next: number }
  | { phase: 'first_wave'; next: number }
  | { phase: 'idle'; ticksLeft: number; sell: boolean };

/**
 * A sybil cluster (phase `users`): one funder wallet sends ETH and USDC to 10-30 fresh member wallets over a few
 * blocks, then the members act alike: each approves the router and swaps ~90% of its USDC for the same token
 * (through WETH) within 2-3 blocks. Later waves (every 8-15 ticks, unlabelled) alternately sell half of that token
 * and buy it back. Label: `sybil_cluster` once, after the first wave, with the funder then the members as actors,
 * every funding and first-wave transaction, `spansBlocks`, and the funder in `meta.funder`.
 */
export function createSybilCluster(options: SybilClusterOptions): Agent {
  const members = Math.min(30, Math.max(10, options.count ?? 20));
  const wallets = createAgentWallets('sybil_cluster', options.seed, members + 1);
  const [funder, ...cluster] = wallets as [LocalAccount, ...LocalAccount[]];
  const actionSymbol = createRandom(deriveSeed(options.seed, `sybil_cluster:${options.chainId}`)).pick(SYBIL_ACTION_SYMBOLS);
  const funded = new Map<string, { ethWei: bigint; tokenRaw: bigint }>();
  const hashes: Hash[] = [];
  let state: State | undefined;
  return {
    kind: 'sybil_cluster',
    phase: 'users',
    wallets,
    async setup(world) {
      await fundWallets(world, [funder], {
        ethWei: ETH_PER_MEMBER * BigInt(members) * 2n + parseEther('10'),
        tokensUsd: { [FUNDING_SYMBOL]: USD_PER_MEMBER * members * 2 },
      });
    },
    async act(world, _tick, random) {
      const usdc = tokenBySymbol(world.deployment, FUNDING_SYMBOL);
      const action = tokenBySymbol(world.deployment, actionSymbol);
      state ??= { phase: 'waiting', ticksLeft: random.int(0, 2) };
      if (state.phase === 'waiting') {
        if (state.ticksLeft-- > 0) return [];
        state = { phase: 'funding', next: 0 };
      }
      if (state.phase === 'funding') {
        const chunk = cluster.slice(state.next, state.next + random.int(6, 10));
        for (const member of chunk) {
          const amounts = { ethWei: scale(ETH_PER_MEMBER, random), tokenRaw: scale(usdToAmountRaw(usdc, USD_PER_MEMBER), random) };
          funded.set(member.address, amounts);
          hashes.push(...(await fund(world, funder, member, usdc, amounts)));
        }
        state = { phase: 'funding', next: state.next + chunk.length };
        if (state.next >= cluster.length) state = { phase: 'first_wave', next: 0 };
        return [];
      }
      if (state.phase === 'first_wave') {
        const chunk = cluster.slice(state.next, state.next + Math.ceil(cluster.length / random.int(2, 3)));
        const pools = createPoolView(world);
        for (const member of chunk) {
          const amountIn = ((funded.get(member.address)?.tokenRaw ?? 0n) * BigInt(random.int(85, 95))) / 100n;
          hashes.push(...(await approveRouter(world, member, [usdc, action])));
          hashes.push(await swap(world, pools, member, [usdc.address, world.deployment.weth, action.address], amountIn));
        }
        state = { phase: 'first_wave', next: state.next + chunk.length };
        if (state.next < cluster.length) return [];
        state = { phase: 'idle', ticksLeft: random.int(8, 15), sell: true };
        return [clusterLabel(world, funder, cluster, funded, hashes, usdc, action)];
      }
      if (state.ticksLeft-- > 0) return [];
      const [tokenIn, tokenOut] = state.sell ? [action, usdc] : [usdc, action];
      const pools = createPoolView(world);
      for (const member of cluster) {
        const [balance] = await readTokenBalances(world, member.address, [tokenIn.address]);
        const amountIn = ((balance ?? 0n) * BigInt(state.sell ? random.int(45, 55) : random.int(85, 95))) / 100n;
        if (amountIn > 0n) await swap(world, pools, member, [tokenIn.address, world.deployment.weth, tokenOut.address], amountIn);
      }
      state = { phase: 'idle', ticksLeft: random.int(8, 15), sell: !state.sell };
      return [];
    },
  };
}

// Near-equal amounts (within 3%): the members look alike.
function scale(amount: bigint, random: Random): bigint {
  return (amount * BigInt(random.int(970, 1030))) / 1000n;
}

async function fund(world: SimWorld, funder: LocalAccount, member: LocalAccount, token: DevnetToken, amounts: { ethWei: bigint; tokenRaw: bigint }) {
  const common = { account: funder, maxPriorityFeePerGas: TIP };
  const transfer = encodeFunctionData({ abi: erc20Abi, functionName: 'transfer', args: [member.address, amounts.tokenRaw] });
  return [
    await world.sender.send({ ...common, to: member.address, value: amounts.ethWei, gas: GAS.ethTransfer }),
    await world.sender.send({ ...common, to: token.address, data: transfer, gas: GAS.erc20 }),
  ];
}

async function approveRouter(world: SimWorld, member: LocalAccount, tokens: readonly DevnetToken[]): Promise<Hash[]> {
  const data = encodeFunctionData({ abi: erc20Abi, functionName: 'approve', args: [world.deployment.v2.router, maxUint256] });
  const sent: Hash[] = [];
  for (const token of tokens) sent.push(await world.sender.send({ account: member, to: token.address, data, gas: GAS.erc20, maxPriorityFeePerGas: TIP }));
  return sent;
}

/** Reserves of the pairs a tick touches, read once and advanced by each swap the tick sends. */
type PoolView = (tokenIn: Address, tokenOut: Address, amountIn: bigint) => Promise<bigint>;

function createPoolView(world: SimWorld): PoolView {
  const reserves = new Map<string, [bigint, bigint]>();
  return async (tokenIn, tokenOut, amountIn) => {
    const inSymbol = world.deployment.tokens.find((token) => token.address === tokenIn)?.symbol ?? '';
    const outSymbol = world.deployment.tokens.find((token) => token.address === tokenOut)?.symbol ?? '';
    const pair = pairBySymbols(world.deployment, inSymbol, outSymbol);
    let current = reserves.get(pair.address);
    if (!current) {
      const read = await readOrientedReserves(world, pair, pair.token0);
      current = [read.reserveIn, read.reserveOut];
    }
    const { reserveIn, reserveOut } = orient(pair, tokenIn, current[0], current[1]);
    const amountOut = getAmountOut(amountIn, reserveIn, reserveOut);
    const in0 = tokenIn.toLowerCase() === pair.token0.toLowerCase();
    reserves.set(pair.address, in0 ? [current[0] + amountIn, current[1] - amountOut] : [current[0] - amountOut, current[1] + amountIn]);
    return amountOut;
  };
}

async function swap(world: SimWorld, pools: PoolView, member: LocalAccount, path: readonly Address[], amountIn: bigint): Promise<Hash> {
  let amountOut = amountIn;
  for (let hop = 0; hop + 1 < path.length; hop++) amountOut = await pools(path[hop] as Address, path[hop + 1] as Address, amountOut);
  const request = buildExactInSwap({
    account: member,
    router: world.deployment.v2.router,
    path,
    amountIn,
    amountOutMin: minusBps(amountOut, SLIPPAGE_BPS),
    maxPriorityFeePerGas: TIP,
  });
  return world.sender.send({ ...request, gas: GAS.swap });
}

function clusterLabel(
  world: SimWorld,
  funder: LocalAccount,
  cluster: readonly LocalAccount[],
  funded: ReadonlyMap<string, { ethWei: bigint; tokenRaw: bigint }>,
  hashes: readonly Hash[],
  usdc: DevnetToken,
  action: DevnetToken,
): PendingLabel {
  const total = (pick: (amounts: { ethWei: bigint; tokenRaw: bigint }) => bigint) =>
    [...funded.values()].reduce((sum, amounts) => sum + pick(amounts), 0n);
  return {
    kind: 'sybil_cluster',
    txHashes: [...hashes],
    actors: [lower(funder.address), ...cluster.map((member) => lower(member.address))],
    targets: [
      lower(usdc.address),
      lower(action.address),
      lower(pairBySymbols(world.deployment, usdc.symbol, 'WETH').address),
      lower(pairBySymbols(world.deployment, action.symbol, 'WETH').address),
    ],
    amounts: { ethFundedWei: total((amounts) => amounts.ethWei).toString(), tokenFundedRaw: total((amounts) => amounts.tokenRaw).toString() },
    meta: { funder: lower(funder.address), members: cluster.length, fundingToken: usdc.symbol, actionToken: action.symbol },
    spansBlocks: true,
  };
}
