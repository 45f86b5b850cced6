import { assertNonNegativeNumber } from './assertNonNegativeNumber.js';
import { UnorderedSeriesError } from './errors.js';
import type { PricePoint } from './getPriceAtBlock.js';
import { priceSwaps, type PricedSwap, type SwapInput, type SwapPoolInput } from './priceSwaps.js';

/** Seconds in an hour bucket. */
const HOUR_SEC = 3600;

/** The close of one hourly price snapshot. */
export interface HourlyClose {
  /** Start of the UTC-aligned hour bucket, unix seconds. */
  bucketStartSec: number;
  priceUsd: number;
}

/** Input of {@link priceSwapsAtHourlyCloses}. */
export interface PriceSwapsAtHourlyClosesInput {
  swaps: readonly SwapInput[];
  pools: readonly SwapPoolInput[];
  /** Per tokenKey, hourly closes ascending by bucket (`price_snapshots.price_usd`). */
  hourlyCloses: ReadonlyMap<string, readonly HourlyClose[]>;
  /** Per tokenKey, the price at `nowSec` (tokens without one are absent). */
  currentPrices: ReadonlyMap<string, number>;
  /** The time the current prices are at: swaps of its hour are valued at them (the hour's close so far). */
  nowSec: number;
}

const hourOf = (timestampSec: number): number => Math.floor(timestampSec / HOUR_SEC);

/**
 * Values swaps at the price of their own hour, the way `priceSwaps` values them at a block: per token, the close of
 * the swap's hour bucket, else the nearest earlier close, else the current price. Swaps of the current hour (that of
 * `nowSec`) use the current price, which is that hour's close so far.
 * @throws {UnorderedSeriesError} for closes out of bucket order; what `priceSwaps` throws (unknown pool, bad fee).
 */
export function priceSwapsAtHourlyCloses(input: PriceSwapsAtHourlyClosesInput): PricedSwap[] {
  assertNonNegativeNumber('nowSec', input.nowSec);
  const nowHour = hourOf(input.nowSec);
  // priceSwaps looks a price up by position (the last point at or before the swap's); here positions are hour
  // numbers: the current price sits at -1 (the fallback before any close) and again at the current hour.
  const history = new Map<string, PricePoint[]>();
  const keys = new Set([...input.hourlyCloses.keys(), ...input.currentPrices.keys()]);
  for (const key of keys) {
    const current = input.currentPrices.get(key);
    const points: PricePoint[] = current === undefined ? [] : [{ blockNumber: -1, priceUsd: current }];
    let previousHour = -Infinity;
    (input.hourlyCloses.get(key) ?? []).forEach((close, index) => {
      const hour = hourOf(close.bucketStartSec);
      if (hour < previousHour) throw new UnorderedSeriesError(`hourly closes of ${key}`, index);
      previousHour = hour;
      if (hour < nowHour) points.push({ blockNumber: hour, priceUsd: close.priceUsd });
    });
    if (current !== undefined) points.push({ blockNumber: nowHour, priceUsd: current });
    history.set(key, points);
  }
  const priced = priceSwaps({
    swaps: input.swaps.map((swap) => ({ ...swap, blockNumber: hourOf(swap.timestampSec) })),
    pools: input.pools,
    priceHistory: history,
  });
  return priced.map((swap, index) => ({ ...swap, blockNumber: input.swaps[index]?.blockNumber ?? swap.blockNumber }));
}
