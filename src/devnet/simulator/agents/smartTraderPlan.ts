import type { DevnetToken } from '../../protocols/tokens.js';
import type { DevnetV2Pair } from '../../protocols/uniswapV2.js';
import type { PriceWorld } from '../types.js';

/** Fees of a round trip through a V2 pool (0.3% each way). */
const ROUND_TRIP_FEE = 0.006;

/** A pool the smart trader may trade, with its current state. */
export interface SmartTraderMarket {
  pair: DevnetV2Pair;
  token0: DevnetToken;
  token1: DevnetToken;
  reserve0: bigint;
  reserve1: bigint;
}

/** A round trip to open now: sell `sold` for `bought`, sell it back after `horizonTicks`. */
export interface SmartTrade {
  market: SmartTraderMarket;
  sold: DevnetToken;
  bought: DevnetToken;
  horizonTicks: number;
  /** Expected relative move of `bought` against `sold` until the close (0.02 = +2%). */
  expectedMove: number;
  amountInRaw: bigint;
  expectedProfitUsd: number;
}

/** Limits of {@link planSmartTrade}. */
export interface SmartTradeLimits {
  /** Longest look-ahead and holding time; horizons 1, 2, 4, 8... up to it are considered. */
  horizonTicks: number;
  minMove: number;
  maxTradeUsd: number;
  minProfitUsd: number;
  /** Base units the trader holds, by token address. */
  balanceOf(token: DevnetToken): bigint;
}

/** Horizons considered: powers of two up to `horizonTicks` (cheap even when a tick is one second). */
export function smartTraderHorizons(horizonTicks: number): number[] {
  const horizons: number[] = [];
  for (let horizon = 1; horizon <= horizonTicks; horizon *= 2) horizons.push(horizon);
  return horizons;
}

/**
 * Picks the round trip with the highest expected profit per tick held (pure, given the price world). The expected
 * move of the bought token is read from `futurePriceUsd` and measured against both the reference and the pool's
 * own price, keeping the smaller: the trade must pay whether or not the pool has caught up yet. The size maximises
 * `size * (move - fees - impact)` for a constant-product pool (a quarter of the reserve times the net edge), capped
 * at `maxTradeUsd` and half the balance.
 */
export function planSmartTrade(
  prices: PriceWorld,
  markets: readonly SmartTraderMarket[],
  limits: SmartTradeLimits,
): SmartTrade | undefined {
  let best: { trade: SmartTrade; score: number } | undefined;
  const futures = new Map<string, number>();
  const future = (symbol: string, horizon: number): number => {
    const key = `${symbol}:${horizon}`;
    if (!futures.has(key)) futures.set(key, prices.futurePriceUsd(symbol, horizon));
    return futures.get(key) as number;
  };
  for (const market of markets) {
    const { token0, token1 } = market;
    const reference0In1 = prices.priceUsd(token0.symbol) / prices.priceUsd(token1.symbol);
    const pool0In1 = humanAmount(market.reserve1, token1) / humanAmount(market.reserve0, token0);
    for (const horizon of smartTraderHorizons(limits.horizonTicks)) {
      const future0In1 = future(token0.symbol, horizon) / future(token1.symbol, horizon);
      const rise0 = Math.min(future0In1 / reference0In1, future0In1 / pool0In1) - 1;
      const rise1 = Math.min(reference0In1 / future0In1, pool0In1 / future0In1) - 1;
      const buy0 = rise0 > rise1;
      const move = buy0 ? rise0 : rise1;
      if (move < limits.minMove) continue;
      const [sold, bought, reserveIn] = buy0 ? [token1, token0, market.reserve1] : [token0, token1, market.reserve0];
      const amountInRaw = sizeTrade(reserveIn, move, sold, prices.priceUsd(sold.symbol), limits);
      if (amountInRaw <= 0n) continue;
      const share = Number(amountInRaw) / Number(reserveIn);
      const expectedProfitUsd = humanAmount(amountInRaw, sold) * prices.priceUsd(sold.symbol) * (move - ROUND_TRIP_FEE - 2 * share);
      if (expectedProfitUsd < limits.minProfitUsd) continue;
      const score = expectedProfitUsd / horizon;
      if (best && score <= best.score) continue;
      best = { trade: { market, sold, bought, horizonTicks: horizon, expectedMove: move, amountInRaw, expectedProfitUsd }, score };
    }
  }
  return best?.trade;
}

function sizeTrade(reserveIn: bigint, move: number, sold: DevnetToken, soldPriceUsd: number, limits: SmartTradeLimits): bigint {
  const fraction = (move - ROUND_TRIP_FEE) / 4;
  if (fraction <= 0) return 0n;
  let amount = (reserveIn * BigInt(Math.floor(fraction * 1e9))) / 1_000_000_000n;
  const capUsd = BigInt(Math.floor((limits.maxTradeUsd / soldPriceUsd) * 10 ** Math.min(sold.decimals, 12)));
  const cap = capUsd * 10n ** BigInt(Math.max(0, sold.decimals - 12));
  const halfBalance = limits.balanceOf(sold) / 2n;
  if (amount > cap) amount = cap;
  if (amount > halfBalance) amount = halfBalance;
  return amount;
}

function humanAmount(raw: bigint, token: DevnetToken): number {
  return Number(raw) / 10 ** token.decimals;
}
