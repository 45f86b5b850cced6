import { parseEther, parseGwei, type Hash, type LocalAccount } from 'viem';
import { getAmountOut } from '../../activity/v2Math.js';
import type { DevnetToken } from '../../protocols/tokens.js';
import { createRandom, deriveSeed, type Random } from '../../utils/random.js';
import { createAgentWallets } from '../createAgentWallets.js';
import { fundWallets } from '../fundWallets.js';
import type { Agent, PendingLabel, SimWorld } from '../types.js';
import {
  buildExactInSwap,
  buildExactOutSwap,
  getAmountIn,
  minusBps,
  plusBps,
  readOrientedReserves,
  type OrientedReserves,
} from './adversarialSwaps.js';
import { lower, pairBySymbols, readTokenBalances, tokenBySymbol } from './adversarialLookups.js';

/** Options of {@link createWashTrader}. */
export interface WashTraderOptions {
  /** Same seed, same ring (on every chain). */
  seed: number;
  /** The chain it acts on; with the seed, picks the traded token. */
  chainId: number;
  /** Ring size, clamped to 3-5. Default 4. */
  count?: number;
  /** Probability that a tick carries a round. Default 0.4. */
  roundChance?: number;
}

/** Tokens a ring may inflate, each traded against WETH; one is picked from the seed. */
export const WASH_TRADER_SYMBOLS = ['UNI', 'LINK'] as const;

const FUNDING_USD = 500_000;
// Generous: the ring trades with itself, so price matters less than getting every leg mined in its round.
const SLIPPAGE_BPS = 1000;
const BASE_TIP = parseGwei('1.5');
const TIP_STEP = parseGwei('0.01');

/** One leg of a round: ring member `wallet` buys (exact output) or sells (exact input) the token. */
export interface WashLeg {
  wallet: number;
  side: 'buy' | 'sell';
}

/**
 * Plans a round (pure): the floor(n/2) members holding the least of the token buy, the same number holding the most
 * sell the same amount, alternating buy, sell, buy, sell. Ties rotate with `round`. The ring's token position is
 * unchanged by every round and each member's stays within a few round sizes of zero.
 */
export function planWashRound(positions: readonly bigint[], round: number): WashLeg[] {
  const n = positions.length;
  const rotation = (index: number) => (((index - round) % n) + n) % n;
  const order = positions
    .map((position, wallet) => ({ position, wallet }))
    .sort((a, b) => (a.position < b.position ? -1 : a.position > b.position ? 1 : rotation(a.wallet) - rotation(b.wallet)));
  const legs: WashLeg[] = [];
  for (let k = 0; k < Math.floor(n / 2); k++) {
    legs.push({ wallet: (order[k] as { wallet: number }).wallet, side: 'buy' });
    legs.push({ wallet: (order[n - 1 - k] as { wallet: number }).wallet, side: 'sell' });
  }
  return legs;
}

/**
 * A wash-trading ring (phase `users`): 3-5 colluding wallets that trade one token against WETH back and forth.
 * A round is sent within one block (tips order the legs): pairs of members buy and sell the same token amount,
 * so the ring's net token position does not move and every member's stays near zero. Label: `wash_trade`
 * per round, with every ring wallet as actor and `meta.ringSize`.
 */
export function createWashTrader(options: WashTraderOptions): Agent {
  const ringSize = Math.min(5, Math.max(3, options.count ?? 4));
  const wallets = createAgentWallets('wash_trader', options.seed, ringSize);
  const symbol = createRandom(deriveSeed(options.seed, `wash_trader:${options.chainId}`)).pick(WASH_TRADER_SYMBOLS);
  const roundChance = options.roundChance ?? 0.4;
  let startBalances: bigint[] = [];
  let round = 0;
  return {
    kind: 'wash_trader',
    phase: 'users',
    wallets,
    async setup(world) {
      await fundWallets(world, wallets, {
        ethWei: parseEther('1000'),
        tokensUsd: { [symbol]: FUNDING_USD, WETH: FUNDING_USD },
        spenders: [world.deployment.v2.router],
      });
      startBalances = await readBalances(world, wallets, tokenBySymbol(world.deployment, symbol));
    },
    async act(world, _tick, random) {
      if (!random.chance(roundChance)) return [];
      const label = await sendRound(world, wallets, symbol, startBalances, round, random);
      round++;
      return [label];
    },
  };
}

async function readBalances(world: SimWorld, wallets: readonly LocalAccount[], token: DevnetToken): Promise<bigint[]> {
  return (await Promise.all(wallets.map((wallet) => readTokenBalances(world, wallet.address, [token.address])))).map(
    ([balance]) => balance ?? 0n,
  );
}

async function sendRound(
  world: SimWorld,
  wallets: readonly LocalAccount[],
  symbol: string,
  startBalances: readonly bigint[],
  round: number,
  random: Random,
): Promise<PendingLabel> {
  const token = tokenBySymbol(world.deployment, symbol);
  const weth = tokenBySymbol(world.deployment, 'WETH');
  const pair = pairBySymbols(world.deployment, symbol, 'WETH');
  const [balances, initial] = await Promise.all([readBalances(world, wallets, token), readOrientedReserves(world, pair, weth.address)]);
  const legs = planWashRound(balances.map((balance, index) => balance - (startBalances[index] ?? 0n)), round);
  // Reserves seen from a buy (WETH in, token out); each leg moves them for the next.
  let reserves: OrientedReserves = initial;
  const amountRaw = (initial.reserveOut * BigInt(Math.round(random.float(0.002, 0.006) * 1e6))) / 1_000_000n;
  const hashes: Hash[] = [];
  let wethVolume = 0n;
  for (const [index, leg] of legs.entries()) {
    const account = wallets[leg.wallet] as LocalAccount;
    const maxPriorityFeePerGas = BASE_TIP + BigInt(legs.length - index) * TIP_STEP;
    const common = { account, router: world.deployment.v2.router, maxPriorityFeePerGas };
    if (leg.side === 'buy') {
      const amountIn = getAmountIn(amountRaw, reserves.reserveIn, reserves.reserveOut);
      reserves = { reserveIn: reserves.reserveIn + amountIn, reserveOut: reserves.reserveOut - amountRaw };
      wethVolume += amountIn;
      const request = { ...common, path: [weth.address, token.address], amountOut: amountRaw, amountInMax: plusBps(amountIn, SLIPPAGE_BPS) };
      hashes.push(await world.sender.send(buildExactOutSwap(request)));
    } else {
      const amountOut = getAmountOut(amountRaw, reserves.reserveOut, reserves.reserveIn);
      reserves = { reserveIn: reserves.reserveIn - amountOut, reserveOut: reserves.reserveOut + amountRaw };
      wethVolume += amountOut;
      const request = { ...common, path: [token.address, weth.address], amountIn: amountRaw, amountOutMin: minusBps(amountOut, SLIPPAGE_BPS) };
      hashes.push(await world.sender.send(buildExactInSwap(request)));
    }
  }
  return {
    kind: 'wash_trade',
    txHashes: hashes,
    actors: wallets.map((wallet) => lower(wallet.address)),
    targets: [lower(pair.address), lower(token.address)],
    amounts: {
      legAmountRaw: amountRaw.toString(),
      tokenVolumeRaw: (amountRaw * BigInt(legs.length)).toString(),
      wethVolumeRaw: wethVolume.toString(),
    },
    meta: { ringSize: wallets.length, round, token: symbol, legs: legs.length },
  };
}
