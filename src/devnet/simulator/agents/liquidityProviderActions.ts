import type { Address } from 'viem';
import { getFullRangeTicks, getTickSpacing } from '../../protocols/uniswapV3Math.js';
import type { Random } from '../../utils/random.js';
import type { MarketPool, MarketView } from '../marketView.js';
import { positionAmounts, scaleAmount } from '../poolMath.js';
import { v2AddLiquidity, v2RemoveLiquidity, v2ToV3Migrate, v3MintPosition, v3MovePosition, v3RemovePosition, type TxBody } from '../txBuilders.js';
import type { PendingLabel, SimWorld } from '../types.js';
import { topUpIfShort, usdToRaw } from './agentHelpers.js';
import type { LpPosition, LpState } from './liquidityProviderState.js';

/** What an LP does in one tick: transactions in order, and the label over some of them. */
export interface LpPlan {
  bodies: TxBody[];
  label?: { txIndexes: number[]; build(hashes: readonly `0x${string}`[]): PendingLabel };
}

/** Relative frequency of LP actions. */
export const LP_ACTION_WEIGHTS = { addV2: 0.22, removeV2: 0.12, mintV3: 0.28, removeV3: 0.14, migrate: 0.24 } as const;

/** Context of a plan: the wallet, the market and the wallet's state. */
export interface LpContext {
  world: SimWorld;
  view: MarketView;
  wallet: Address;
  state: LpState;
  random: Random;
}

/** Adds V2 liquidity worth `usd` at the pair's reserve ratio (minting what the wallet lacks). */
export function planAddV2(ctx: LpContext, pool: MarketPool, usd: number): LpPlan {
  const reserves = ctx.state.pools.get(pool.address)?.reserves;
  if (!reserves || reserves[0] === 0n) return { bodies: [] };
  const amount0 = usdToRaw(ctx.world, pool.token0, usd / 2);
  const amount1 = (amount0 * reserves[1]) / reserves[0];
  return {
    bodies: [
      ...topUpIfShort(ctx.world, ctx.wallet, pool.token0, ctx.state.balanceOf(pool.token0.address), amount0),
      ...topUpIfShort(ctx.world, ctx.wallet, pool.token1, ctx.state.balanceOf(pool.token1.address), amount1),
      v2AddLiquidity(ctx.world.deployment.v2.router, { tokenA: pool.token0.address, tokenB: pool.token1.address, amountA: amount0, amountB: amount1, to: ctx.wallet }),
    ],
  };
}

/** Removes 30-100 % of the wallet's liquidity in one V2 pair. */
export function planRemoveV2(ctx: LpContext, pool: MarketPool): LpPlan {
  const liquidity = scaleAmount(ctx.state.v2Liquidity.get(pool.address) ?? 0n, ctx.random.float(0.3, 1));
  if (liquidity === 0n) return { bodies: [] };
  return { bodies: [v2RemoveLiquidity(ctx.world.deployment.v2.router, { tokenA: pool.token0.address, tokenB: pool.token1.address, liquidity, to: ctx.wallet })] };
}

/** Mints a V3 position worth about `usd`, 2-30 tick spacings either side of the current tick. */
export function planMintV3(ctx: LpContext, pool: MarketPool, usd: number): LpPlan {
  const manager = ctx.world.deployment.v3?.positionManager;
  const tick = ctx.state.pools.get(pool.address)?.tick;
  if (!manager || tick === undefined) return { bodies: [] };
  const amount0Desired = usdToRaw(ctx.world, pool.token0, usd / 2);
  const amount1Desired = usdToRaw(ctx.world, pool.token1, usd / 2);
  return {
    bodies: [
      ...topUpIfShort(ctx.world, ctx.wallet, pool.token0, ctx.state.balanceOf(pool.token0.address), amount0Desired),
      ...topUpIfShort(ctx.world, ctx.wallet, pool.token1, ctx.state.balanceOf(pool.token1.address), amount1Desired),
      v3MintPosition(manager, { token0: pool.token0.address, token1: pool.token1.address, fee: pool.fee, ...rangeAround(tick, pool.fee, ctx.random), amount0Desired, amount1Desired, recipient: ctx.wallet }),
    ],
  };
}

/** Withdraws and burns one whole V3 position. */
export function planRemoveV3(ctx: LpContext, position: LpPosition): LpPlan {
  const manager = ctx.world.deployment.v3?.positionManager;
  if (!manager) return { bodies: [] };
  return { bodies: [v3RemovePosition(manager, { tokenId: position.tokenId, liquidity: position.liquidity, recipient: ctx.wallet, burn: true })] };
}

/**
 * Moves liquidity to another pool of the same pair, labelled `lp_migration`: V2 to V3 through V3Migrator (one
 * transaction), V3 to another fee tier (one NPM multicall), or V3 to V2 (withdraw, then add, in one block).
 * Undefined when the wallet has nothing that can move.
 */
export function planMigration(ctx: LpContext): LpPlan | undefined {
  const { view, state, random } = ctx;
  const fromV2 = view.pools.filter((pool) => pool.protocol === 'uniswap-v2' && (state.v2Liquidity.get(pool.address) ?? 0n) > 0n && otherPools(view, pool).length > 0);
  const fromV3 = state.positions.filter((position) => otherPools(view, position.pool).length > 0);
  const options = [...fromV2.map((pool) => ({ pool, position: undefined })), ...fromV3.map((position) => ({ pool: position.pool, position }))];
  if (options.length === 0) return undefined;
  const { pool: from, position } = random.pick(options);
  const targets = otherPools(view, from).filter((pool) => (position ? true : pool.protocol === 'uniswap-v3'));
  const to = random.pick(targets);
  const { v3 } = ctx.world.deployment;
  const toTick = state.pools.get(to.address)?.tick;
  let bodies: TxBody[];
  let liquidity: bigint;
  let amounts: { amount0: bigint; amount1: bigint };
  if (!position) {
    if (!v3?.migrator || toTick === undefined) return undefined;
    liquidity = state.v2Liquidity.get(from.address)!;
    const reserves = state.pools.get(from.address)?.reserves ?? [0n, 0n];
    const supply = state.v2TotalSupply.get(from.address) ?? 0n;
    amounts = supply > 0n ? { amount0: (reserves[0] * liquidity) / supply, amount1: (reserves[1] * liquidity) / supply } : { amount0: 0n, amount1: 0n };
    const mint = { token0: from.token0.address, token1: from.token1.address, fee: to.fee, ...rangeAround(toTick, to.fee, random), recipient: ctx.wallet };
    bodies = [v2ToV3Migrate(v3.migrator, { pair: from.address, liquidity, mint })];
  } else {
    const sqrtPriceX96 = state.pools.get(from.address)?.sqrtPriceX96 ?? 0n;
    liquidity = position.liquidity;
    amounts = positionAmounts(liquidity, sqrtPriceX96, position.tickLower, position.tickUpper);
    if (!v3) return undefined;
    if (to.protocol === 'uniswap-v3') {
      if (toTick === undefined) return undefined;
      const mint = { token0: from.token0.address, token1: from.token1.address, fee: to.fee, ...rangeAround(toTick, to.fee, random), amount0Desired: amounts.amount0, amount1Desired: amounts.amount1, recipient: ctx.wallet };
      bodies = [v3MovePosition(v3.positionManager, { tokenId: position.tokenId, liquidity, mint })];
    } else {
      bodies = [
        v3RemovePosition(v3.positionManager, { tokenId: position.tokenId, liquidity, recipient: ctx.wallet, burn: true }),
        v2AddLiquidity(ctx.world.deployment.v2.router, { tokenA: from.token0.address, tokenB: from.token1.address, amountA: amounts.amount0, amountB: amounts.amount1, to: ctx.wallet }),
      ];
    }
  }
  const txIndexes = bodies.map((_, index) => index);
  const build = (hashes: readonly `0x${string}`[]): PendingLabel => ({
    kind: 'lp_migration',
    txHashes: [...hashes],
    actors: [ctx.wallet],
    targets: [from.address, to.address],
    amounts: { liquidityRaw: liquidity.toString(), amount0Raw: amounts.amount0.toString(), amount1Raw: amounts.amount1.toString() },
    meta: { fromProtocol: from.protocol, toProtocol: to.protocol, fromFee: from.fee, toFee: to.fee, pair: from.pairKey },
  });
  return { bodies, label: { txIndexes, build } };
}

/** Other pools of `pool`'s pair. */
function otherPools(view: MarketView, pool: MarketPool): MarketPool[] {
  return (view.pairs.get(pool.pairKey) ?? []).filter((candidate) => candidate.address !== pool.address);
}

/** A range 2-30 tick spacings either side of `tick`, inside the full range. */
function rangeAround(tick: number, fee: number, random: Random): { tickLower: number; tickUpper: number } {
  const spacing = getTickSpacing(fee);
  const full = getFullRangeTicks(fee);
  const centre = Math.floor(tick / spacing) * spacing;
  const half = random.int(2, 30) * spacing;
  return { tickLower: Math.max(full.tickLower, centre - half), tickUpper: Math.min(full.tickUpper, centre + spacing + half) };
}
