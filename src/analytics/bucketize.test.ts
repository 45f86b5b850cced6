import { describe, expect, it } from 'vitest';
import { MAX_SERIES_BUCKETS } from './assertTimeRange.js';
import { bucketize } from './bucketize.js';
import { InvalidNumberError, InvalidTimeRangeError, UnorderedSeriesError } from './errors.js';

const H = 3_600;
const item = (timestampSec: number) => ({ timestampSec });

describe('bucketize()', () => {
  it('groups items into consecutive UTC-aligned buckets, empty ones included', () => {
    const { before, buckets } = bucketize([item(H + 5), item(H + 10), item(3 * H)], 'hour');
    expect(before).toBeUndefined();
    expect(buckets.map((b) => [b.timestampSec, b.items.length])).toEqual([[H, 2], [2 * H, 0], [3 * H, 1]]);
  });

  it('clips to the range and hands back the last item before it', () => {
    const { before, buckets } = bucketize([item(10), item(H + 1), item(5 * H)], 'hour', { fromSec: 2 * H + 30, toSec: 3 * H });
    expect(before).toEqual(item(H + 1));
    expect(buckets).toEqual([{ timestampSec: 2 * H, items: [] }, { timestampSec: 3 * H, items: [] }]);
  });

  it('aligns days to 00:00 UTC', () => {
    expect(bucketize([item(1_700_000_000)], 'day').buckets[0]?.timestampSec).toBe(1_699_920_000);
  });

  it('is empty without items or range, and spans the range without items', () => {
    expect(bucketize([], 'day')).toEqual({ before: undefined, buckets: [] });
    expect(bucketize([], 'hour', { fromSec: 0, toSec: H }).buckets).toHaveLength(2);
    expect(bucketize([item(10)], 'hour', { fromSec: 5 * H }).buckets).toEqual([{ timestampSec: 5 * H, items: [] }]);
  });

  it.each([
    ['an inverted range', [], { fromSec: 2 * H, toSec: H }, InvalidTimeRangeError],
    ['too many buckets', [], { fromSec: 0, toSec: MAX_SERIES_BUCKETS * H }, InvalidTimeRangeError],
    ['unordered items', [item(2), item(1)], {}, UnorderedSeriesError],
    ['a negative timestamp', [item(-1)], {}, InvalidNumberError],
  ])('rejects %s', (_name, items, range, error) => {
    expect(() => bucketize(items, 'hour', range)).toThrow(error);
  });
});
