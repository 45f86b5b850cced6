import { parseEther, type Hash, type LocalAccount } from 'viem';
import { createRandom, deriveSeed } from '../../utils/random.js';
import { createAgentWallets } from '../createAgentWallets.js';
import { fundWallets, sendBatchAndMine } from '../fundWallets.js';
import { buildMarketView, readPoolStates, type MarketView } from '../marketView.js';
import { sendAll } from '../sendAll.js';
import type { Agent, PendingLabel, SimWorld } from '../types.js';
import { asRequest, drawTip } from './agentHelpers.js';
import { LP_ACTION_WEIGHTS, planAddV2, planMigration, planMintV3, planRemoveV2, planRemoveV3, type LpContext, type LpPlan } from './liquidityProviderActions.js';
import { readLpState } from './liquidityProviderState.js';

/** Options of {@link createLiquidityProviderAgent}. */
export interface CreateLiquidityProviderAgentOptions {
  seed: number;
  chainId: number;
  /** LP wallets. Default 6. */
  count?: number;
  /** Multiplies the chance to act in a block. Default 1. */
  rate?: number;
}

/** Chance that one LP acts in a block (before `rate`). */
const ACT_PROBABILITY = 0.1;
const FUNDING_USD = 3_000_000;
/** Seed liquidity each LP adds in setup, per pool, so that removals and migrations have something to move. */
const SEED_USD = 250_000;

/**
 * Liquidity providers: add and remove Uniswap V2 liquidity, mint and burn V3 positions 2-30 tick spacings
 * around the price, and now and then migrate liquidity to another pool of the same pair (V2 to V3 through
 * V3Migrator, V3 to another fee tier, V3 back to V2), labelled `lp_migration` with both pools as targets.
 */
export function createLiquidityProviderAgent(options: CreateLiquidityProviderAgentOptions): Agent {
  const wallets = createAgentWallets('liquidity_provider', options.seed, options.count ?? 6);
  const probability = Math.min(1, ACT_PROBABILITY * (options.rate ?? 1));
  let view: MarketView | undefined;
  return {
    kind: 'liquidity_provider',
    phase: 'users',
    wallets,
    async setup(world) {
      view = buildMarketView(world.deployment);
      const { deployment } = world;
      const spenders = [deployment.v2.router, ...(deployment.v3 ? [deployment.v3.positionManager] : [])];
      const approvals = deployment.v2.pairs.flatMap((pair) => [
        { token: pair.address, spender: deployment.v2.router },
        ...(deployment.v3?.migrator ? [{ token: pair.address, spender: deployment.v3.migrator }] : []),
      ]);
      const tokensUsd = Object.fromEntries(deployment.tokens.map((token) => [token.symbol, FUNDING_USD]));
      await fundWallets(world, wallets, { ethWei: parseEther('2000'), tokensUsd, spenders, approvals });
      await seedPositions(world, view, wallets, options.seed);
    },
    async act(world, _tick, random) {
      if (!random.chance(probability)) return [];
      view ??= buildMarketView(world.deployment);
      const wallet = random.pick(wallets);
      const action = random.weighted(LP_ACTION_WEIGHTS);
      const usd = random.float(20_000, 400_000);
      const tip = drawTip(random, 1, 2);
      const state = await readLpState(world, view, wallet.address);
      const ctx: LpContext = { world, view, wallet: wallet.address, state, random };
      const v2Pools = view.pools.filter((pool) => pool.protocol === 'uniswap-v2');
      const v3Pools = view.pools.filter((pool) => pool.protocol === 'uniswap-v3');
      const withV2 = v2Pools.filter((pool) => (state.v2Liquidity.get(pool.address) ?? 0n) > 0n);
      let plan: LpPlan;
      switch (action) {
        case 'addV2':
          plan = planAddV2(ctx, random.pick(v2Pools), usd);
          break;
        case 'removeV2':
          plan = withV2.length > 0 ? planRemoveV2(ctx, random.pick(withV2)) : planAddV2(ctx, random.pick(v2Pools), usd);
          break;
        case 'mintV3':
          plan = state.positions.length >= 8 ? planRemoveV3(ctx, random.pick(state.positions)) : planMintV3(ctx, random.pick(v3Pools), usd);
          break;
        case 'removeV3':
          plan = state.positions.length > 0 ? planRemoveV3(ctx, random.pick(state.positions)) : planMintV3(ctx, random.pick(v3Pools), usd);
          break;
        case 'migrate':
          plan = planMigration(ctx) ?? planMintV3(ctx, random.pick(v3Pools), usd);
          break;
        default: {
          const exhaustive: never = action;
          throw new Error(`Unknown LP action ${String(exhaustive)}`);
        }
      }
      return send(world, wallet, tip, plan);
    },
  };
}

async function send(world: SimWorld, wallet: LocalAccount, tip: number, plan: LpPlan): Promise<PendingLabel[]> {
  const hashes = await sendAll(world, plan.bodies.map((body) => asRequest(wallet, tip, body)), 'liquidity provider');
  if (!plan.label) return [];
  const labelled = plan.label.txIndexes.map((index) => hashes[index]);
  if (labelled.some((hash) => hash === undefined)) return [];
  return [plan.label.build(labelled as Hash[])];
}

// Every LP starts with V2 liquidity in each pair that also has V3 pools, and a V3 position in two pools.
async function seedPositions(world: SimWorld, view: MarketView, wallets: readonly LocalAccount[], seed: number): Promise<void> {
  const pools = await readPoolStates(world, view.pools);
  const requests = wallets.flatMap((wallet, index) => {
    const ctx: LpContext = {
      world, view, wallet: wallet.address, random: createRandom(deriveSeed(seed, `lp-setup:${index}`)),
      state: { v2Liquidity: new Map(), v2TotalSupply: new Map(), positions: [], pools, balanceOf: () => 2n ** 200n },
    };
    const v2 = view.pools.filter((pool) => pool.protocol === 'uniswap-v2' && (view.pairs.get(pool.pairKey)?.length ?? 0) > 1);
    const v3 = view.pools.filter((pool) => pool.protocol === 'uniswap-v3');
    const bodies = [
      ...v2.flatMap((pool) => planAddV2(ctx, pool, SEED_USD).bodies),
      ...[v3[index % v3.length], v3[(index + 3) % v3.length]].flatMap((pool) => (pool ? planMintV3(ctx, pool, SEED_USD).bodies : [])),
    ];
    return bodies.map((body) => asRequest(wallet, 1, body));
  });
  await sendBatchAndMine(world, requests, 'seed LP positions');
}
