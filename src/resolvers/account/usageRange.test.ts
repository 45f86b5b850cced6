import { describe, expect, it } from 'vitest';
import { toUsageDays } from './usageRange.js';

const now = Date.parse('2024-05-10T12:00:00Z');
const d = (iso: string) => new Date(iso);

describe('toUsageDays()', () => {
  it('lists the UTC days of the range, both ends included', () => {
    expect(toUsageDays(d('2024-05-08T23:00:00Z'), d('2024-05-10T01:00:00Z'), now)).toEqual(['2024-05-08', '2024-05-09', '2024-05-10']);
  });
  it('defaults to the 30 days up to now', () => {
    const days = toUsageDays(null, null, now);
    expect(days).toHaveLength(30);
    expect(days.at(-1)).toBe('2024-05-10');
  });
  it('leaves out days after now', () => {
    expect(toUsageDays(d('2024-05-09T00:00:00Z'), d('2024-06-01T00:00:00Z'), now)).toEqual(['2024-05-09', '2024-05-10']);
  });
  it('accepts 92 days and rejects 93', () => {
    expect(toUsageDays(d('2024-02-09T00:00:00Z'), d('2024-05-10T00:00:00Z'), now)).toHaveLength(92);
    expect(() => toUsageDays(d('2024-02-08T00:00:00Z'), d('2024-05-10T00:00:00Z'), now)).toThrow(/93 UTC days; at most 92/);
  });
  it('rejects an inverted range as BAD_USER_INPUT', () => {
    try {
      toUsageDays(d('2024-05-10T00:00:00Z'), d('2024-05-09T00:00:00Z'), now);
      expect.unreachable();
    } catch (error) {
      expect((error as { extensions: unknown }).extensions).toEqual({ code: 'BAD_USER_INPUT', argument: 'from' });
    }
  });
});
