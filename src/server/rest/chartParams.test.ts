import { describe, expect, it } from 'vitest';
import { MAX_CHART_POINTS, parseChartQuery, parseDurationSec } from './chartParams.js';

const NOW = 1_700_000_000;

describe('parseDurationSec()', () => {
  it.each([
    ['4h', false, 4 * 3600], ['2d', false, 2 * 86_400], ['W', false, 7 * 86_400], ['15M', false, 900], ['1d', false, 86_400],
    ['600', true, 600], ['600', false, null], ['0', true, null], ['4x', false, null], ['-1h', false, null], ['', false, null], ['1.5h', false, null],
  ])('%s (seconds allowed: %s) -> %s', (text, allowSeconds, expected) => {
    expect(parseDurationSec(text, allowSeconds)).toBe(expected);
  });
});

describe('parseChartQuery()', () => {
  it('defaults to one point now, a 1d period and a searchWidth of 10% of it', () => {
    expect(parseChartQuery({}, NOW)).toEqual({ timestampsSec: [NOW], periodSec: 86_400, searchWidthSec: 8640 });
  });

  it('counts span points forward from start and backward to end', () => {
    expect(parseChartQuery({ start: '1000', span: '3', period: '1h' }, NOW)).toMatchObject({ timestampsSec: [1000, 4600, 8200] });
    expect(parseChartQuery({ end: '10000', span: '3', period: '1h' }, NOW)).toMatchObject({ timestampsSec: [2800, 6400, 10000] });
  });

  it('fills start..end (or start..now) without span, and never samples the future', () => {
    expect(parseChartQuery({ start: '0', end: '7200', period: '1h' }, NOW)).toMatchObject({ timestampsSec: [0, 3600, 7200] });
    expect(parseChartQuery({ start: String(NOW - 7200), period: '1h' }, NOW)).toMatchObject({ timestampsSec: [NOW - 7200, NOW - 3600, NOW] });
    expect(parseChartQuery({ start: String(NOW - 3600), span: '5', period: '1h' }, NOW)).toMatchObject({ timestampsSec: [NOW - 3600, NOW] });
  });

  it.each([
    [{ start: '10', end: '5' }, 'start must not be after end'],
    [{ start: 'yesterday' }, 'start must be a unix timestamp'],
    [{ end: '-5' }, 'end must be a unix timestamp'],
    [{ period: '5y' }, 'period must look like'],
    [{ searchWidth: 'wide' }, 'searchWidth must be'],
    [{ span: '0' }, 'span must be an integer'],
    [{ span: String(MAX_CHART_POINTS + 1) }, 'span must be an integer'],
    [{ start: '0', period: '1h' }, 'points; at most'],
    [{ start: String(NOW + 10) }, 'start is in the future'],
    [{ span: ['1', '2'] }, 'span given more than once'],
  ])('rejects %j', (query, message) => {
    const result = parseChartQuery(query, NOW);
    expect('error' in result && result.error).toContain(message);
  });
});
