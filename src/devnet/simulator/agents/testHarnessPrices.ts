import type { DevnetToken } from '../../protocols/tokens.js';
import { createRandom, deriveSeed } from '../../utils/random.js';
import type { PriceWorld } from '../types.js';

/** A seeded price world for agent tests: the orchestrator's own world is not needed to test an agent. */
export interface HarnessPriceWorld extends PriceWorld {
  /** Advances one tick (the first call moves from the deployment prices to tick 1). */
  step(): void;
  /** Ticks stepped so far. */
  readonly tick: number;
}

/** Options of {@link createHarnessPriceWorld}. */
export interface HarnessPriceWorldOptions {
  seed: number;
  /** Tokens and their starting (reference) prices. */
  tokens: readonly Pick<DevnetToken, 'symbol' | 'referencePriceUsd'>[];
  /** Standard deviation of a volatile token's log-return per tick. Default 0.015; stablecoins do not move. */
  volatility?: number;
}

const STABLECOINS = new Set(['USDC', 'USDT', 'DAI']);

/**
 * A geometric random walk per symbol, drawn lazily from a per-symbol mulberry32 stream, so the path of a symbol
 * does not depend on which other symbols were asked for. `futurePriceUsd` reads the same path ahead of `tick`.
 * @throws {RangeError} from the getters for an unknown symbol.
 */
export function createHarnessPriceWorld(options: HarnessPriceWorldOptions): HarnessPriceWorld {
  const volatility = options.volatility ?? 0.015;
  const paths = new Map<string, { prices: number[]; next: () => number }>();
  for (const token of options.tokens) {
    const random = createRandom(deriveSeed(options.seed, `harness-price:${token.symbol}`));
    paths.set(token.symbol, { prices: [token.referencePriceUsd], next: () => random.next() });
  }
  let tick = 0;
  const priceAt = (symbol: string, index: number): number => {
    const path = paths.get(symbol);
    if (!path) throw new RangeError(`No price for ${symbol}`);
    const sigma = STABLECOINS.has(symbol) ? 0 : volatility;
    while (path.prices.length <= index) {
      // Box-Muller from two uniforms; the -sigma^2/2 drift keeps the expected price flat.
      const z = Math.sqrt(-2 * Math.log(1 - path.next())) * Math.cos(2 * Math.PI * path.next());
      path.prices.push((path.prices[path.prices.length - 1] as number) * Math.exp(sigma * z - (sigma * sigma) / 2));
    }
    return path.prices[index] as number;
  };
  return {
    get tick() {
      return tick;
    },
    step: () => {
      tick++;
    },
    priceUsd: (symbol) => priceAt(symbol, tick),
    futurePriceUsd: (symbol, stepsAhead) => priceAt(symbol, tick + Math.max(0, stepsAhead)),
    shock: () => 1,
  };
}
