import type { SeriesInterval } from './types.js';

/** Seconds in one bucket of `interval`: hour 3600, day 86400 (buckets align to UTC). */
export function getIntervalSeconds(interval: SeriesInterval): number {
  switch (interval) {
    case 'hour':
      return 3_600;
    case 'day':
      return 86_400;
    default: {
      const unknown: never = interval;
      throw new TypeError(`Unknown series interval: ${String(unknown)}`);
    }
  }
}
