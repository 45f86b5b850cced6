import { parseEther } from 'viem';
import { createAgentWallets } from '../createAgentWallets.js';
import { fundWallets } from '../fundWallets.js';
import { sendAll } from '../sendAll.js';
import { aaveSupply, aaveWithdraw, type TxBody } from '../txBuilders.js';
import type { Agent } from '../types.js';
import { asRequest, balanceKey, readBalances, topUpIfShort, usdToRaw } from './agentHelpers.js';
import { readPositions } from './aaveReads.js';
import { scaleAmount } from '../poolMath.js';

/** Options of {@link createLenderAgent}. */
export interface CreateLenderAgentOptions {
  seed: number;
  chainId: number;
  /** Lender wallets. Default 4. */
  count?: number;
  /** Multiplies the chance to act in a block. Default 1. */
  rate?: number;
}

const ACT_PROBABILITY = 0.05;
/** Held, and supplied to Aave in setup, per lender (USD). */
const FUNDING_USD: Readonly<Record<string, number>> = { USDC: 6e6, USDT: 5e6, DAI: 5e6, WETH: 4e6, WBTC: 2e6, LINK: 1e6 };
const INITIAL_SUPPLY_SHARE = 0.7;

/**
 * Lenders: supply every Aave reserve in setup (the borrowers' liquidity), then now and then supply more
 * (50k-1M USD) or withdraw 5-30 % of one deposit. Produces no labels.
 */
export function createLenderAgent(options: CreateLenderAgentOptions): Agent {
  const wallets = createAgentWallets('lender', options.seed, options.count ?? 4);
  const probability = Math.min(1, ACT_PROBABILITY * (options.rate ?? 1));
  return {
    kind: 'lender',
    phase: 'users',
    wallets,
    async setup(world) {
      const aave = world.deployment.aave;
      if (!aave) return;
      const reserves = world.deployment.tokens.filter((token) => aave.reserves.includes(token.address) && FUNDING_USD[token.symbol]);
      const tokensUsd = Object.fromEntries(reserves.map((token) => [token.symbol, FUNDING_USD[token.symbol]!]));
      await fundWallets(world, wallets, {
        ethWei: parseEther('1000'),
        tokensUsd,
        spenders: [aave.pool],
        extra: (wallet) => reserves.map((token) => aaveSupply(aave.pool, { asset: token.address, amount: usdToRaw(world, token, FUNDING_USD[token.symbol]! * INITIAL_SUPPLY_SHARE), onBehalfOf: wallet.address })),
      });
    },
    async act(world, _tick, random) {
      const aave = world.deployment.aave;
      if (!aave || !random.chance(probability)) return [];
      const wallet = random.pick(wallets);
      const asset = random.pick(aave.reserves);
      const token = world.deployment.tokens.find((candidate) => candidate.address === asset);
      if (!token) return [];
      const supply = random.chance(0.6);
      const usd = random.float(50_000, 1_000_000);
      const fraction = random.float(0.05, 0.3);
      let bodies: TxBody[];
      if (supply) {
        const amount = usdToRaw(world, token, usd);
        const balance = (await readBalances(world, [[wallet.address, asset]])).get(balanceKey(wallet.address, asset)) ?? 0n;
        bodies = [...topUpIfShort(world, wallet.address, token, balance, amount), aaveSupply(aave.pool, { asset, amount, onBehalfOf: wallet.address })];
      } else {
        const supplied = (await readPositions(world, wallet.address)).get(asset)?.supplied ?? 0n;
        const amount = scaleAmount(supplied, fraction);
        bodies = amount > 0n ? [aaveWithdraw(aave.pool, { asset, amount, to: wallet.address })] : [];
      }
      await sendAll(world, bodies.map((body) => asRequest(wallet, 1.5, body)), 'lender');
      return [];
    },
  };
}
