import { maxUint256, type Address, type LocalAccount } from 'viem';
import { createRandom, deriveSeed, type Random } from '../../utils/random.js';
import { createAgentWallets } from '../createAgentWallets.js';
import { fundWallets } from '../fundWallets.js';
import { scaleAmount } from '../poolMath.js';
import { sendAll } from '../sendAll.js';
import { aaveBorrow, aaveRepay, aaveSupply, aaveWithdraw, type TxBody } from '../txBuilders.js';
import type { Agent, SimWorld } from '../types.js';
import { asRequest, balanceKey, readBalances, topUpIfShort, usdToRaw } from './agentHelpers.js';
import { readGroups } from '../readMany.js';
import { accountCalls, baseToRaw, decodeAccounts, decodeOraclePrices, oraclePricesCall, readOraclePrices, readPositions, readReserveConfigs, type AccountData, type ReserveConfig } from './aaveReads.js';

/** Options of {@link createBorrowerAgent}. */
export interface CreateBorrowerAgentOptions {
  seed: number;
  chainId: number;
  /** Borrower wallets; the first 60 % are aggressive (target health factor 1.04-1.2). Default 10. */
  count?: number;
  /** Multiplies the chance to act in a block. Default 1. */
  rate?: number;
}

/** A borrower's fixed habits. */
interface Profile {
  wallet: LocalAccount;
  collateral: string;
  /** The stablecoin borrowed when opening. */
  debt: string;
  targetHealthFactor: number;
}

const ACT_PROBABILITY = 0.08;
const STABLES = ['USDC', 'USDT', 'DAI'] as const;
const FUNDING_USD: Readonly<Record<string, number>> = { WETH: 3e6, WBTC: 2e6, LINK: 1e6, USDC: 5e5, USDT: 5e5, DAI: 5e5 };
const ACTIONS = { repay: 0.3, relever: 0.3, addCollateral: 0.2, close: 0.2 } as const;

/**
 * Borrowers on Aave: supply WETH, WBTC or LINK and borrow stablecoins up to a target health factor (aggressive
 * ones at 1.04-1.2, so an ETH drop of a few percent makes them liquidatable), then repay, re-lever, add
 * collateral or close. Every borrower opens a position in setup. Produces no labels (liquidators do).
 */
export function createBorrowerAgent(options: CreateBorrowerAgentOptions): Agent {
  const count = options.count ?? 10;
  const wallets = createAgentWallets('borrower', options.seed, count);
  const habits = createRandom(deriveSeed(options.seed, 'borrower-profiles'));
  const profiles: Profile[] = wallets.map((wallet, i) => {
    const aggressive = i < Math.ceil(count * 0.6);
    return {
      wallet,
      collateral: aggressive ? (i % 3 === 2 ? 'WBTC' : 'WETH') : habits.pick(['WETH', 'WBTC', 'LINK']),
      debt: habits.pick(STABLES),
      targetHealthFactor: aggressive ? habits.float(1.04, 1.2) : habits.float(1.5, 2.5),
    };
  });
  const probability = Math.min(1, ACT_PROBABILITY * (options.rate ?? 1));
  let configs: ReserveConfig[] | undefined;
  return {
    kind: 'borrower',
    phase: 'users',
    wallets,
    async setup(world) {
      const aave = world.deployment.aave;
      if (!aave) return;
      configs = await readReserveConfigs(world);
      const prices = await readOraclePrices(world);
      const empty: AccountData = { collateralBase: 0n, debtBase: 0n, availableBorrowsBase: 0n, liquidationThresholdBps: 0n, ltvBps: 0n, healthFactor: maxUint256 };
      const openings = new Map(profiles.map((profile, i) => [profile.wallet.address, planOpen(world, configs!, prices, profile, empty, 150_000 + 50_000 * i)]));
      await fundWallets(world, wallets, {
        tokensUsd: FUNDING_USD,
        spenders: [aave.pool],
        extra: (wallet) => openings.get(wallet.address) ?? [],
      });
    },
    async act(world, _tick, random) {
      const aave = world.deployment.aave;
      if (!aave || !random.chance(probability)) return [];
      configs ??= await readReserveConfigs(world);
      const profile = random.pick(profiles);
      const action = random.weighted(ACTIONS);
      const usd = random.float(100_000, 800_000);
      const fraction = random.float(0.2, 1);
      const [accountResults, priceResults] = await readGroups(world, [accountCalls(world, [profile.wallet.address]), [oraclePricesCall(world)]]);
      const [account] = decodeAccounts(accountResults!);
      const prices = decodeOraclePrices(world, priceResults![0]);
      let bodies: TxBody[];
      if (!account || account.debtBase === 0n) bodies = planOpen(world, configs, prices, profile, account, usd);
      else if (action === 'relever') bodies = planBorrow(world, configs, prices, profile, account, 0, random);
      else if (action === 'addCollateral') bodies = planOpen(world, configs, prices, profile, account, usd / 2);
      else bodies = await planRepay(world, profile, action === 'close' ? 1 : fraction);
      await sendAll(world, bodies.map((body) => asRequest(profile.wallet, 1.5, body)), 'borrower');
      return [];
    },
  };
}

// Supply `usd` of the profile's collateral, then borrow a stablecoin up to the target health factor.
function planOpen(world: SimWorld, configs: readonly ReserveConfig[], prices: Map<Address, bigint>, profile: Profile, account: AccountData | undefined, usd: number): TxBody[] {
  const aave = world.deployment.aave!;
  const collateral = configs.find((config) => config.token.symbol === profile.collateral);
  if (!collateral || !account) return [];
  const amount = usdToRaw(world, collateral.token, usd);
  const supply = aaveSupply(aave.pool, { asset: collateral.asset, amount, onBehalfOf: profile.wallet.address });
  return [supply, ...planBorrow(world, configs, prices, profile, account, usd, undefined)];
}

// Borrow so that debt = collateral x threshold / target, within the LTV; `addedUsd` of the profile's collateral is being supplied.
function planBorrow(world: SimWorld, configs: readonly ReserveConfig[], prices: Map<Address, bigint>, profile: Profile, account: AccountData, addedUsd: number, random: Random | undefined): TxBody[] {
  const aave = world.deployment.aave!;
  const collateral = configs.find((config) => config.token.symbol === profile.collateral)!;
  const addedBase = BigInt(Math.floor(addedUsd * 1e8));
  const collateralBase = account.collateralBase + addedBase;
  const thresholdBase = (account.collateralBase * account.liquidationThresholdBps + addedBase * BigInt(collateral.liquidationThresholdBps)) / 10_000n;
  const ltvBase = (account.collateralBase * account.ltvBps + addedBase * BigInt(collateral.ltvBps)) / 10_000n;
  const targetDebt = (thresholdBase * 1000n) / BigInt(Math.round(profile.targetHealthFactor * 1000));
  const maxDebt = (ltvBase * 98n) / 100n;
  const borrowBase = (targetDebt < maxDebt ? targetDebt : maxDebt) - account.debtBase;
  if (collateralBase === 0n || borrowBase <= 10n ** 8n) return [];
  const symbol = random ? random.pick(STABLES) : profile.debt;
  const stable = configs.find((config) => config.token.symbol === symbol)!;
  const amount = baseToRaw(borrowBase, prices.get(stable.asset) ?? 0n, stable.token.decimals);
  return amount > 0n ? [aaveBorrow(aave.pool, { asset: stable.asset, amount, onBehalfOf: profile.wallet.address })] : [];
}

// Repay `fraction` of every debt (all of it, then withdraw every deposit, when fraction is 1).
async function planRepay(world: SimWorld, profile: Profile, fraction: number): Promise<TxBody[]> {
  const aave = world.deployment.aave!;
  const owner = profile.wallet.address;
  const positions = await readPositions(world, owner);
  const debts = [...positions].filter(([, position]) => position.debt > 0n);
  const balances = await readBalances(world, debts.map(([asset]) => [owner, asset] as const));
  const bodies: TxBody[] = [];
  for (const [asset, { debt }] of debts) {
    const token = world.deployment.tokens.find((candidate) => candidate.address === asset)!;
    const amount = fraction >= 1 ? debt + debt / 100n + 1n : scaleAmount(debt, fraction);
    bodies.push(...topUpIfShort(world, owner, token, balances.get(balanceKey(owner, asset)) ?? 0n, amount));
    bodies.push(aaveRepay(aave.pool, { asset, amount: fraction >= 1 ? maxUint256 : amount, onBehalfOf: owner }));
  }
  if (fraction >= 1) {
    for (const [asset, { supplied }] of positions) if (supplied > 0n) bodies.push(aaveWithdraw(aave.pool, { asset, amount: maxUint256, to: owner }));
  }
  return bodies;
}
