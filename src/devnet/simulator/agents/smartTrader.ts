import { formatUnits, parseEther, parseGwei, parseUnits, type Hash, type LocalAccount } from 'viem';
import { getAmountOut } from '../../activity/v2Math.js';
import type { DevnetToken } from '../../protocols/tokens.js';
import type { DevnetV2Pair } from '../../protocols/uniswapV2.js';
import { createAgentWallets } from '../createAgentWallets.js';
import { fundWallets } from '../fundWallets.js';
import type { Agent, PendingLabel, SimWorld } from '../types.js';
import { buildExactInSwap, minusBps, readOrientedReserves, readSwapOutput } from './adversarialSwaps.js';
import { lower, readTokenBalances, tokenBySymbol } from './adversarialLookups.js';
import { planSmartTrade, type SmartTrade, type SmartTraderMarket } from './smartTraderPlan.js';

/** Options of {@link createSmartTrader}. */
export interface SmartTraderOptions {
  /** Same seed, same wallets (on every chain). */
  seed: number;
  /** The chain it acts on. */
  chainId: number;
  /** Wallets, each trading on its own. Default 1. */
  count?: number;
  /**
   * Furthest tick ahead it reads from `futurePriceUsd` (at 1, 2, 4, 8... ticks), and the longest it holds a
   * position. Default 4096: with one-second blocks and hourly volatility of 1-2%, a move that pays two pool fees
   * takes tens of minutes to hours.
   */
  horizonTicks?: number;
  /** Smallest expected relative move worth a round trip (0.012 = 1.2%). Default 0.012. */
  minMove?: number;
  /** Largest trade, in USD. Default 100,000. */
  maxTradeUsd?: number;
}

const FUNDING_USD = 1_000_000;
const MIN_PROFIT_USD = 10;
const OPEN_SLIPPAGE_BPS = 300;
const CLOSE_SLIPPAGE_BPS = 800;
const TIP = parseGwei('1.8');
const STABLECOINS = new Set(['USDC', 'USDT', 'DAI']);
// A scan reads every symbol's path up to the horizon; over long horizons the best trade barely changes from one
// tick to the next, so an empty scan is repeated only after 1/64 of the horizon.
const RESCAN_FRACTION = 64;

interface Position {
  pair: DevnetV2Pair;
  sold: DevnetToken;
  bought: DevnetToken;
  openHash: Hash;
  closeAtTick: number;
  expectedMove: number;
  horizonTicks: number;
}

interface WalletState {
  wallet: LocalAccount;
  startTokens: bigint[];
  startEth: bigint;
  position?: Position;
  trades: number;
  /** After a scan that found nothing, the tick of the next scan. */
  nextScanTick: number;
}

/**
 * An informed trader (phase `users`) that cheats with `world.prices.futurePriceUsd`: it buys the token of a V2 pool
 * expected to outperform the other over the coming ticks (buys before rises, sells before falls; one position at
 * a time per wallet) and sells it back when the horizon is reached, so it is consistently profitable. Pools with
 * MEME and stablecoin pairs are left out.
 * Label: `smart_trader` per trade (the open and the close of each round trip), with the expected move, and the
 * running PnL in USD (balances against the starting ones, at reference prices, gas included) in `meta.pnlUsd`.
 */
export function createSmartTrader(options: SmartTraderOptions): Agent {
  const wallets = createAgentWallets('smart_trader', options.seed, options.count ?? 1);
  const states: WalletState[] = wallets.map((wallet) => ({ wallet, startTokens: [], startEth: 0n, trades: 0, nextScanTick: 0 }));
  const limits = {
    horizonTicks: options.horizonTicks ?? 4096,
    minMove: options.minMove ?? 0.012,
    maxTradeUsd: options.maxTradeUsd ?? 100_000,
  };
  return {
    kind: 'smart_trader',
    phase: 'users',
    wallets,
    async setup(world) {
      const tokensUsd = Object.fromEntries(tradedTokens(world).map((token) => [token.symbol, FUNDING_USD]));
      await fundWallets(world, wallets, { ethWei: parseEther('1000'), tokensUsd, spenders: [world.deployment.v2.router] });
      for (const state of states) {
        state.startTokens = await readTokenBalances(world, state.wallet.address, world.deployment.tokens.map((token) => token.address));
        state.startEth = await world.clients.publicClient.getBalance({ address: state.wallet.address });
      }
    },
    async act(world, tick) {
      const labels: PendingLabel[] = [];
      for (const state of states) {
        // Read only when a label needs it: fast-forward runs many ticks without a trade.
        const position = state.position;
        if (position && tick.index >= position.closeAtTick) {
          state.position = undefined;
          const label = await close(world, state, position, await markPnlUsd(world, state));
          if (label) labels.push(label);
        }
        if (state.position || tick.index < state.nextScanTick) continue;
        const markets = await readMarkets(world);
        const balances = await readTokenBalances(world, state.wallet.address, world.deployment.tokens.map((token) => token.address));
        const balanceOf = (token: DevnetToken) => balances[world.deployment.tokens.indexOf(token)] ?? 0n;
        const trade = planSmartTrade(world.prices, markets, { ...limits, minProfitUsd: MIN_PROFIT_USD, balanceOf });
        if (trade) labels.push(await open(world, state, trade, tick.index, await markPnlUsd(world, state)));
        else state.nextScanTick = tick.index + 1 + Math.floor(limits.horizonTicks / RESCAN_FRACTION);
      }
      return labels;
    },
  };
}

function isTraded(pair: DevnetV2Pair): boolean {
  if (pair.symbol0 === 'MEME' || pair.symbol1 === 'MEME') return false;
  return !(STABLECOINS.has(pair.symbol0) && STABLECOINS.has(pair.symbol1));
}

function tradedTokens(world: SimWorld): DevnetToken[] {
  const symbols = new Set(world.deployment.v2.pairs.filter(isTraded).flatMap((pair) => [pair.symbol0, pair.symbol1]));
  return world.deployment.tokens.filter((token) => symbols.has(token.symbol));
}

async function readMarkets(world: SimWorld): Promise<SmartTraderMarket[]> {
  return Promise.all(
    world.deployment.v2.pairs.filter(isTraded).map(async (pair) => {
      const token0 = tokenBySymbol(world.deployment, pair.symbol0);
      const { reserveIn: reserve0, reserveOut: reserve1 } = await readOrientedReserves(world, pair, token0.address);
      return { pair, token0, token1: tokenBySymbol(world.deployment, pair.symbol1), reserve0, reserve1 };
    }),
  );
}

/** Value gained since setup at the current reference prices, gas included (ETH at the WETH price). */
async function markPnlUsd(world: SimWorld, state: WalletState): Promise<number> {
  const { tokens } = world.deployment;
  const [balances, eth] = await Promise.all([
    readTokenBalances(world, state.wallet.address, tokens.map((token) => token.address)),
    world.clients.publicClient.getBalance({ address: state.wallet.address }),
  ]);
  let pnl = Number(formatUnits(eth - state.startEth, 18)) * world.prices.priceUsd('WETH');
  tokens.forEach((token, index) => {
    const delta = (balances[index] ?? 0n) - (state.startTokens[index] ?? 0n);
    if (delta !== 0n) pnl += Number(formatUnits(delta, token.decimals)) * world.prices.priceUsd(token.symbol);
  });
  return Math.round(pnl * 100) / 100;
}

async function open(world: SimWorld, state: WalletState, trade: SmartTrade, tickIndex: number, pnlUsd: number): Promise<PendingLabel> {
  const { market, sold, bought } = trade;
  const expectedOut = await expectOut(world, market.pair, sold, bought, trade.amountInRaw);
  const hash = await world.sender.send(
    buildExactInSwap({
      account: state.wallet,
      router: world.deployment.v2.router,
      path: [sold.address, bought.address],
      amountIn: trade.amountInRaw,
      amountOutMin: minusBps(expectedOut, OPEN_SLIPPAGE_BPS),
      maxPriorityFeePerGas: TIP,
    }),
  );
  state.trades++;
  state.position = {
    pair: market.pair,
    sold,
    bought,
    openHash: hash,
    closeAtTick: tickIndex + trade.horizonTicks,
    expectedMove: trade.expectedMove,
    horizonTicks: trade.horizonTicks,
  };
  return label(state, market.pair, hash, { amountInRaw: trade.amountInRaw, expectedAmountOutRaw: expectedOut }, {
    leg: 'open',
    sold: sold.symbol,
    bought: bought.symbol,
    expectedMovePct: Math.round(trade.expectedMove * 10_000) / 100,
    horizonTicks: trade.horizonTicks,
    expectedProfitUsd: Math.round(trade.expectedProfitUsd * 100) / 100,
    pnlUsd,
  });
}

// Sells back exactly what the open bought (read from its receipt); nothing to close if the open reverted.
async function close(world: SimWorld, state: WalletState, position: Position, pnlUsd: number): Promise<PendingLabel | undefined> {
  const amountIn = await readSwapOutput(world, position.openHash, position.pair.address);
  if (amountIn === undefined) return undefined;
  const expectedOut = await expectOut(world, position.pair, position.bought, position.sold, amountIn);
  const hash = await world.sender.send(
    buildExactInSwap({
      account: state.wallet,
      router: world.deployment.v2.router,
      path: [position.bought.address, position.sold.address],
      amountIn,
      amountOutMin: minusBps(expectedOut, CLOSE_SLIPPAGE_BPS),
      maxPriorityFeePerGas: TIP,
    }),
  );
  state.trades++;
  return label(state, position.pair, hash, { amountInRaw: amountIn, expectedAmountOutRaw: expectedOut }, {
    leg: 'close',
    sold: position.bought.symbol,
    bought: position.sold.symbol,
    expectedMovePct: Math.round(position.expectedMove * 10_000) / 100,
    horizonTicks: position.horizonTicks,
    openTxHash: position.openHash,
    pnlUsd,
  });
}

// The smaller of the output at the pool's last price and at the reference price: an arbitrageur may move the pool
// to the reference before this swap runs (in the same block), or not at all.
async function expectOut(world: SimWorld, pair: DevnetV2Pair, sold: DevnetToken, bought: DevnetToken, amountIn: bigint): Promise<bigint> {
  const { reserveIn, reserveOut } = await readOrientedReserves(world, pair, sold.address);
  const atPool = getAmountOut(amountIn, reserveIn, reserveOut);
  const reserveRatio = Number(reserveIn + amountIn) / Number(reserveIn);
  const rate = world.prices.priceUsd(sold.symbol) / world.prices.priceUsd(bought.symbol) / reserveRatio;
  const atReference = parseUnits(
    (Number(formatUnits(amountIn, sold.decimals)) * rate * 0.997).toFixed(Math.min(bought.decimals, 12)),
    bought.decimals,
  );
  return atReference < atPool ? atReference : atPool;
}

function label(
  state: WalletState,
  pair: DevnetV2Pair,
  hash: Hash,
  amounts: { amountInRaw: bigint; expectedAmountOutRaw: bigint },
  meta: Record<string, string | number>,
): PendingLabel {
  return {
    kind: 'smart_trader',
    txHashes: [hash],
    actors: [lower(state.wallet.address)],
    targets: [lower(pair.address)],
    amounts: { amountInRaw: amounts.amountInRaw.toString(), expectedAmountOutRaw: amounts.expectedAmountOutRaw.toString() },
    meta: { ...meta, trades: state.trades },
  };
}
