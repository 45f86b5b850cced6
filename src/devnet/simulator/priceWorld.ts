import { createRandom, deriveSeed, type Random } from '../utils/random.js';
import type { PriceWorld } from './types.js';

/** How one symbol's reference price moves. */
export interface PriceModel {
  /** Standard deviation of the log price over one hour (0.012 = 1.2 %/h). */
  volatilityPerHour: number;
  /** Correlation with the common market factor, in [0, 1]. Default 0. */
  marketCorrelation?: number;
  /** Per-hour pull of the log price back to its start (stablecoins). Default 0 (a pure random walk). */
  meanReversionPerHour?: number;
}

/** A one-tick jump: the symbol's price is multiplied by `factor` at tick `tick`. */
export interface PriceShock {
  tick: number;
  symbol: string;
  factor: number;
}

/** Random shocks: on average `perHour` events, each hitting one of `symbols` (weights) by a drawn factor. */
export interface RandomShocks {
  perHour: number;
  /** Relative weight of each symbol being hit. */
  symbols: Readonly<Record<string, number>>;
  /** Probability that a shock is a drop (-12 % to -20 %) rather than a jump (+8 % to +12 %). Default 0.7. */
  dropProbability?: number;
}

/** The symbol whose shocks move the whole market. */
const MARKET_SYMBOL = 'WETH';

/** Default models: stablecoins pinned near 1, majors moderate, the meme token wild. */
export const DEFAULT_PRICE_MODELS: Readonly<Record<string, PriceModel>> = {
  WETH: { volatilityPerHour: 0.012, marketCorrelation: 1 },
  WBTC: { volatilityPerHour: 0.01, marketCorrelation: 0.8 },
  LINK: { volatilityPerHour: 0.02, marketCorrelation: 0.7 },
  UNI: { volatilityPerHour: 0.02, marketCorrelation: 0.7 },
  MEME: { volatilityPerHour: 0.08, marketCorrelation: 0.3 },
  USDC: { volatilityPerHour: 0.0004, meanReversionPerHour: 2 },
  USDT: { volatilityPerHour: 0.0006, meanReversionPerHour: 2 },
  DAI: { volatilityPerHour: 0.0005, meanReversionPerHour: 2 },
};

/** Default random shocks: about one every three hours, mostly on ETH (which drags correlated tokens along). */
export const DEFAULT_RANDOM_SHOCKS: RandomShocks = { perHour: 1 / 3, symbols: { WETH: 0.6, WBTC: 0.2, LINK: 0.2 } };

/** Options of {@link createPriceWorld}. */
export interface CreatePriceWorldOptions {
  /** Draws are derived from this seed only: every chain of a devnet sees the same path. */
  seed: number;
  /** Prices at tick 0, by symbol. Unknown symbols in queries throw. */
  initialPricesUsd: Readonly<Record<string, number>>;
  /** Simulated seconds per tick (volatility scales with its square root). Change it with `setTickSec`. */
  tickSec: number;
  /** Per-symbol models; a symbol without one stays constant. Default {@link DEFAULT_PRICE_MODELS}. */
  models?: Readonly<Record<string, PriceModel>>;
  /** Default {@link DEFAULT_RANDOM_SHOCKS}; `false` for none. */
  randomShocks?: RandomShocks | false;
  /** Shocks at fixed ticks, on top of the random ones (tests use them to force liquidations). */
  scheduledShocks?: readonly PriceShock[];
}

/** The simulator's price world: the agents' read-only {@link PriceWorld} plus the clock the orchestrator drives. */
export interface SimPriceWorld extends PriceWorld {
  /** The current tick (0 before the first `advance`). */
  readonly tick: number;
  /** Moves to the next tick, applying its pre-drawn innovations and shocks. */
  advance(): void;
  /** Changes the simulated tick length (fast-forward history at 12 s, then live blocks). */
  setTickSec(tickSec: number): void;
  /** Every symbol's current price. */
  snapshot(): Record<string, number>;
}

interface Draw {
  market: number;
  own: number[];
  shocks: Map<string, number>;
}

/**
 * Builds a seeded geometric random walk per symbol with a common market factor, mean reversion for
 * stablecoins and occasional shocks. Innovations are drawn in tick order from one stream, so
 * `futurePriceUsd(symbol, k)` is exactly the price `k` ticks later (as long as the tick length stays).
 * @throws {RangeError} for a symbol without an initial price.
 */
export function createPriceWorld(options: CreatePriceWorldOptions): SimPriceWorld {
  const symbols = Object.keys(options.initialPricesUsd).sort();
  const models = options.models ?? DEFAULT_PRICE_MODELS;
  const random = createRandom(deriveSeed(options.seed, 'price-world'));
  const randomShocks = options.randomShocks === undefined ? DEFAULT_RANDOM_SHOCKS : options.randomShocks;
  const anchors = symbols.map((symbol) => Math.log(options.initialPricesUsd[symbol]!));
  let logs = [...anchors];
  let tick = 0;
  let tickSec = options.tickSec;
  // draws[i] is the innovation taking tick (tick + i) to (tick + i + 1).
  const draws: Draw[] = [];

  const drawAt = (offset: number): Draw => {
    while (draws.length <= offset) draws.push(drawNext(random, symbols, tick + draws.length + 1, randomShocks, options.scheduledShocks, tickSec));
    return draws[offset]!;
  };
  const correlationOf = (symbol: string) => Math.min(1, Math.max(0, models[symbol]?.marketCorrelation ?? 0));
  // A shock on the market symbol (ETH) drags correlated symbols along: factor ^ correlation.
  const effectiveShock = (draw: Draw, symbol: string): number => {
    const own = draw.shocks.get(symbol) ?? 1;
    const market = symbol === MARKET_SYMBOL ? 1 : (draw.shocks.get(MARKET_SYMBOL) ?? 1);
    return own * market ** correlationOf(symbol);
  };
  const step = (current: readonly number[], draw: Draw): number[] => {
    const hours = tickSec / 3600;
    return current.map((log, i) => {
      const symbol = symbols[i]!;
      const model = models[symbol];
      let next = log;
      if (model) {
        const rho = correlationOf(symbol);
        const z = rho * draw.market + Math.sqrt(1 - rho * rho) * draw.own[i]!;
        const pull = Math.min(1, (model.meanReversionPerHour ?? 0) * hours);
        next = log + pull * (anchors[i]! - log) + model.volatilityPerHour * Math.sqrt(hours) * z;
      }
      return next + Math.log(effectiveShock(draw, symbol));
    });
  };
  const indexOf = (symbol: string): number => {
    const index = symbols.indexOf(symbol);
    if (index < 0) throw new RangeError(`The price world has no symbol ${symbol}`);
    return index;
  };

  let currentDraw: Draw | undefined;
  return {
    get tick() {
      return tick;
    },
    advance() {
      const draw = drawAt(0);
      logs = step(logs, draw);
      currentDraw = draw;
      draws.shift();
      tick++;
    },
    setTickSec(next) {
      if (!(next > 0)) throw new RangeError(`tickSec must be positive, got ${next}`);
      tickSec = next;
    },
    priceUsd: (symbol) => Math.exp(logs[indexOf(symbol)]!),
    futurePriceUsd(symbol, stepsAhead) {
      const index = indexOf(symbol);
      let path = logs;
      for (let k = 0; k < stepsAhead; k++) path = step(path, drawAt(k));
      return Math.exp(path[index]!);
    },
    shock: (symbol) => (indexOf(symbol) >= 0 && currentDraw ? effectiveShock(currentDraw, symbol) : 1),
    snapshot: () => Object.fromEntries(symbols.map((symbol, i) => [symbol, Math.exp(logs[i]!)])),
  };
}

// Draw order is fixed (market, each symbol, then the shock roll), so the stream never depends on queries.
function drawNext(
  random: Random,
  symbols: readonly string[],
  tick: number,
  randomShocks: RandomShocks | false,
  scheduled: readonly PriceShock[] | undefined,
  tickSec: number,
): Draw {
  const market = gaussian(random);
  const own = symbols.map(() => gaussian(random));
  const shocks = new Map<string, number>();
  const roll = random.next();
  const pick = random.next();
  const size = random.next();
  const direction = random.next();
  if (randomShocks && roll < (randomShocks.perHour * tickSec) / 3600) {
    const symbol = weightedPick(randomShocks.symbols, pick);
    const drop = direction < (randomShocks.dropProbability ?? 0.7);
    shocks.set(symbol, drop ? 1 - (0.12 + 0.08 * size) : 1 + (0.08 + 0.04 * size));
  }
  for (const shock of scheduled ?? []) {
    if (shock.tick === tick && symbols.includes(shock.symbol)) shocks.set(shock.symbol, (shocks.get(shock.symbol) ?? 1) * shock.factor);
  }
  return { market, own, shocks };
}

function weightedPick(weights: Readonly<Record<string, number>>, roll: number): string {
  const entries = Object.entries(weights).sort(([a], [b]) => a.localeCompare(b));
  const total = entries.reduce((sum, [, weight]) => sum + weight, 0);
  let left = roll * total;
  for (const [symbol, weight] of entries) {
    left -= weight;
    if (left < 0) return symbol;
  }
  return entries[entries.length - 1]![0];
}

/** A standard normal draw (Box-Muller). */
function gaussian(random: Random): number {
  const u = Math.max(random.next(), Number.EPSILON);
  const v = random.next();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}
