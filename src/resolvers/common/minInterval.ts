import { badUserInput } from '../../errors/apiErrors.js';
import { conflate } from '../../pubsub/conflate.js';

/** Bounds of the `minIntervalMs` subscription argument. */
export const MIN_INTERVAL_MS = { min: 100, max: 60_000 } as const;

/** Description of the `minIntervalMs` argument, shared by every conflated subscription. */
export const MIN_INTERVAL_DESCRIPTION =
  `Conflation: at most one update per key every minIntervalMs (${MIN_INTERVAL_MS.min}-${MIN_INTERVAL_MS.max}); the newest value wins and the last one is always delivered. Default: every update.`;

/**
 * Applies the `minIntervalMs` argument to a subscription's source: unchanged when absent, conflated per `keyOf` otherwise.
 * @throws BAD_USER_INPUT when `minIntervalMs` is not an integer from 100 to 60000.
 */
export function withMinInterval<T>(minIntervalMs: number | null | undefined, keyOf: (value: T) => string, source: () => AsyncIterableIterator<T>): AsyncIterableIterator<T> {
  if (minIntervalMs === null || minIntervalMs === undefined) return source();
  if (!Number.isInteger(minIntervalMs) || minIntervalMs < MIN_INTERVAL_MS.min || minIntervalMs > MIN_INTERVAL_MS.max) {
    throw badUserInput(`minIntervalMs must be an integer from ${MIN_INTERVAL_MS.min} to ${MIN_INTERVAL_MS.max}, got ${minIntervalMs}`, 'minIntervalMs');
  }
  return conflate(source(), { minIntervalMs, keyOf });
}
