import { describe, expect, it } from 'vitest';
import { countersFromHash, meterKeyOf, splitSecondsByUtcDay, utcDaysBetween } from './usageCounters.js';

const at = (iso: string) => Date.parse(iso);

describe('splitSecondsByUtcDay()', () => {
  it.each([
    ['within one day', at('2024-05-01T10:00:00Z'), 90, [{ day: '2024-05-01', seconds: 90 }]],
    ['across midnight', at('2024-05-01T23:59:30Z'), 90, [{ day: '2024-05-01', seconds: 30 }, { day: '2024-05-02', seconds: 60 }]],
    ['a fractional start second stays on its day', at('2024-05-01T23:59:59.500Z'), 2, [{ day: '2024-05-01', seconds: 1 }, { day: '2024-05-02', seconds: 1 }]],
    ['over two midnights', at('2024-05-01T12:00:00Z'), 2 * 86_400, [{ day: '2024-05-01', seconds: 43_200 }, { day: '2024-05-02', seconds: 86_400 }, { day: '2024-05-03', seconds: 43_200 }]],
    ['nothing for zero seconds', at('2024-05-01T12:00:00Z'), 0, []],
  ])('splits %s', (_name, startMs, seconds, expected) => {
    expect(splitSecondsByUtcDay(startMs, seconds)).toEqual(expected);
  });
});

describe('utcDaysBetween()', () => {
  it('lists both end days', () => {
    expect(utcDaysBetween(at('2024-02-28T23:00:00Z'), at('2024-03-01T01:00:00Z'))).toEqual(['2024-02-28', '2024-02-29', '2024-03-01']);
  });
  it('is empty when to is before from\'s day', () => {
    expect(utcDaysBetween(at('2024-03-02T00:00:00Z'), at('2024-03-01T23:00:00Z'))).toEqual([]);
  });
});

describe('countersFromHash()', () => {
  it('reads present fields and zeroes missing or malformed ones', () => {
    expect(countersFromHash({ requests: '3', costPoints: 'x', bytesSent: '1024' })).toEqual({ requests: 3, costPoints: 0, bytesSent: 1024, subscriptionSeconds: 0 });
  });
});

describe('meterKeyOf()', () => {
  it('uses the key id, or the client address for anonymous callers', () => {
    expect(meterKeyOf({ keyId: 'k1', clientAddress: '10.0.0.1' })).toBe('k1');
    expect(meterKeyOf({ keyId: null, clientAddress: '::1' })).toBe('anon:::1');
  });
});
