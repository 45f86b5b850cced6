import { formatUnits, parseEther, parseGwei, type Hash, type LocalAccount } from 'viem';
import { getAmountOut } from '../../activity/v2Math.js';
import type { DevnetToken } from '../../protocols/tokens.js';
import type { DevnetV2Pair } from '../../protocols/uniswapV2.js';
import type { Random } from '../../utils/random.js';
import { createAgentWallets } from '../createAgentWallets.js';
import { fundWallets } from '../fundWallets.js';
import type { Agent, PendingLabel, SimWorld } from '../types.js';
import { buildExactInSwap, minusBps, readOrientedReserves, type OrientedReserves } from './adversarialSwaps.js';
import { lower, pairBySymbols, readTokenBalances, tokenBySymbol } from './adversarialLookups.js';

/** Options of {@link createPumpAndDump}. */
export interface PumpAndDumpOptions {
  /** Same seed, same group (on every chain). */
  seed: number;
  /** The chain it acts on. */
  chainId: number;
  /** Group size, clamped to 2-10. Default 5. */
  count?: number;
  /** The low-liquidity token pumped, traded against WETH. Default MEME. */
  symbol?: string;
}

/** WETH each wallet starts with, in USD at the reference price (1,000 WETH). */
const WETH_FUNDING_USD = 3_000_000;
const PUMP_SLIPPAGE_BPS = 500;
const DUMP_SLIPPAGE_BPS = 1500;
const BASE_TIP = parseGwei('2');
const TIP_STEP = parseGwei('0.01');

interface Campaign {
  index: number;
  ticksLeft: number;
  blocks: number;
  /** WETH per token (human units) before the first buy. */
  startPrice: number;
  buys: Hash[];
  buyers: Set<string>;
  wethIn: bigint;
  tokenOut: bigint;
}

type State = { phase: 'cooldown'; ticksLeft: number } | { phase: 'pump' | 'dump'; campaign: Campaign };

interface Market {
  pair: DevnetV2Pair;
  token: DevnetToken;
  weth: DevnetToken;
}

/**
 * A pump-and-dump group (phase `users`): after a cooldown, its wallets buy the low-liquidity token with WETH in
 * coordinated bursts over 2-4 blocks (label `pump` with every buy, spanning those blocks), then all sell
 * everything in the next block (label `dump`, with the price rise since the pump began in `meta.priceRisePct`),
 * then cool down for 4-8 ticks and start again.
 */
export function createPumpAndDump(options: PumpAndDumpOptions): Agent {
  const wallets = createAgentWallets('pump_and_dump', options.seed, Math.min(10, Math.max(2, options.count ?? 5)));
  const symbol = options.symbol ?? 'MEME';
  let state: State | undefined;
  let campaigns = 0;
  const marketOf = (world: SimWorld): Market => ({
    pair: pairBySymbols(world.deployment, symbol, 'WETH'),
    token: tokenBySymbol(world.deployment, symbol),
    weth: tokenBySymbol(world.deployment, 'WETH'),
  });
  return {
    kind: 'pump_and_dump',
    phase: 'users',
    wallets,
    async setup(world) {
      const { router } = world.deployment.v2;
      await fundWallets(world, wallets, {
        ethWei: parseEther('2000'),
        tokensUsd: { WETH: WETH_FUNDING_USD },
        spenders: [router],
        // The pumped token is only approved, never funded: everything the group sells, it bought.
        approvals: [{ token: marketOf(world).token.address, spender: router }],
      });
    },
    async act(world, _tick, random) {
      state ??= { phase: 'cooldown', ticksLeft: random.int(0, 2) };
      if (state.phase === 'cooldown') {
        if (state.ticksLeft > 0) {
          state = { phase: 'cooldown', ticksLeft: state.ticksLeft - 1 };
          return [];
        }
        state = { phase: 'pump', campaign: await startCampaign(world, marketOf(world), campaigns++, random) };
      }
      const { campaign } = state;
      if (state.phase === 'pump') {
        await pumpTick(world, wallets, marketOf(world), campaign, random);
        if (campaign.ticksLeft > 0) return [];
        state = { phase: 'dump', campaign };
        return [pumpLabel(marketOf(world), campaign, wallets.length)];
      }
      state = { phase: 'cooldown', ticksLeft: random.int(4, 8) };
      const label = await dump(world, wallets, marketOf(world), campaign);
      return label ? [label] : [];
    },
  };
}

async function startCampaign(world: SimWorld, market: Market, index: number, random: Random): Promise<Campaign> {
  const blocks = random.int(2, 4);
  return {
    index,
    ticksLeft: blocks,
    blocks,
    startPrice: priceOf(market, await readOrientedReserves(world, market.pair, market.weth.address)),
    buys: [],
    buyers: new Set(),
    wethIn: 0n,
    tokenOut: 0n,
  };
}

// WETH per token in human units, from reserves oriented WETH in, token out.
function priceOf(market: Market, reserves: OrientedReserves): number {
  return Number(formatUnits(reserves.reserveIn, market.weth.decimals)) / Number(formatUnits(reserves.reserveOut, market.token.decimals));
}

async function pumpTick(world: SimWorld, wallets: readonly LocalAccount[], market: Market, campaign: Campaign, random: Random) {
  let reserves = await readOrientedReserves(world, market.pair, market.weth.address);
  const buyers = random.sample(wallets, random.int(Math.ceil(wallets.length / 2), wallets.length));
  for (const [index, wallet] of buyers.entries()) {
    const amountIn = (reserves.reserveIn * BigInt(Math.round(random.float(0.02, 0.05) * 1e6))) / 1_000_000n;
    const amountOut = getAmountOut(amountIn, reserves.reserveIn, reserves.reserveOut);
    reserves = { reserveIn: reserves.reserveIn + amountIn, reserveOut: reserves.reserveOut - amountOut };
    const hash = await world.sender.send(
      buildExactInSwap({
        account: wallet,
        router: world.deployment.v2.router,
        path: [market.weth.address, market.token.address],
        amountIn,
        amountOutMin: minusBps(amountOut, PUMP_SLIPPAGE_BPS),
        maxPriorityFeePerGas: BASE_TIP + BigInt(buyers.length - index) * TIP_STEP,
      }),
    );
    campaign.buys.push(hash);
    campaign.buyers.add(lower(wallet.address));
    campaign.wethIn += amountIn;
    campaign.tokenOut += amountOut;
  }
  campaign.ticksLeft--;
}

function pumpLabel(market: Market, campaign: Campaign, groupSize: number): PendingLabel {
  return {
    kind: 'pump',
    txHashes: [...campaign.buys],
    actors: [...campaign.buyers],
    targets: [lower(market.pair.address), lower(market.token.address)],
    amounts: { wethInRaw: campaign.wethIn.toString(), expectedTokenOutRaw: campaign.tokenOut.toString() },
    meta: { campaign: campaign.index, token: market.token.symbol, blocks: campaign.blocks, buys: campaign.buys.length, groupSize },
    spansBlocks: true,
  };
}

async function dump(
  world: SimWorld,
  wallets: readonly LocalAccount[],
  market: Market,
  campaign: Campaign,
): Promise<PendingLabel | undefined> {
  const balances = await Promise.all(wallets.map((wallet) => readTokenBalances(world, wallet.address, [market.token.address])));
  // Reserves oriented token in, WETH out.
  let reserves = await readOrientedReserves(world, market.pair, market.token.address);
  const priceBefore = priceOf(market, { reserveIn: reserves.reserveOut, reserveOut: reserves.reserveIn });
  const hashes: Hash[] = [];
  const sellers: string[] = [];
  let tokenIn = 0n;
  let wethOut = 0n;
  const sellingWallets = wallets.filter((_, index) => (balances[index]?.[0] ?? 0n) > 0n);
  for (const [index, wallet] of sellingWallets.entries()) {
    const amountIn = balances[wallets.indexOf(wallet)]?.[0] ?? 0n;
    const amountOut = getAmountOut(amountIn, reserves.reserveIn, reserves.reserveOut);
    reserves = { reserveIn: reserves.reserveIn + amountIn, reserveOut: reserves.reserveOut - amountOut };
    hashes.push(
      await world.sender.send(
        buildExactInSwap({
          account: wallet,
          router: world.deployment.v2.router,
          path: [market.token.address, market.weth.address],
          amountIn,
          amountOutMin: minusBps(amountOut, DUMP_SLIPPAGE_BPS),
          maxPriorityFeePerGas: BASE_TIP + BigInt(sellingWallets.length - index) * TIP_STEP,
        }),
      ),
    );
    sellers.push(lower(wallet.address));
    tokenIn += amountIn;
    wethOut += amountOut;
  }
  if (hashes.length === 0) return undefined;
  return {
    kind: 'dump',
    txHashes: hashes,
    actors: sellers,
    targets: [lower(market.pair.address), lower(market.token.address)],
    amounts: { tokenInRaw: tokenIn.toString(), expectedWethOutRaw: wethOut.toString() },
    meta: {
      campaign: campaign.index,
      token: market.token.symbol,
      priceRisePct: Math.round((priceBefore / campaign.startPrice - 1) * 10_000) / 100,
      expectedPnlWeth: Number(formatUnits(wethOut - campaign.wethIn, market.weth.decimals)),
    },
  };
}
