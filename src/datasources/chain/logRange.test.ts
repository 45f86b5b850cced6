import { describe, expect, it } from 'vitest';
import { createLogRangeSizer, isLogRangeTooLargeError, suggestedRangeSize } from './logRange.js';

const infura = new Error('query returned more than 10000 results. Try with this block range [0x10, 0x2f].');
const alchemy = new Error(
  'Log response size exceeded. You can make eth_getLogs requests with up to a 2K block range and no limit on the response size, or you can request any block range with a cap of 10K logs in the response. Based on your parameters, this block range should work: [0x1e8480, 0x1e8c4f]',
);

describe('isLogRangeTooLargeError()', () => {
  it.each([
    ['Infura', infura],
    ['Alchemy', alchemy],
    ['QuickNode', new Error('eth_getLogs is limited to a 10,000 range')],
    ['Ankr', new Error('block range is too wide')],
    ['BSC', new Error('exceed maximum block range: 5000')],
    ['geth timeout', new Error('query timeout exceeded')],
    ['an answer over the body limit (viem ResponseBodyTooLargeError)', Object.assign(new Error('eth_getLogs failed'), { cause: Object.assign(new Error('Response body too large'), { name: 'ResponseBodyTooLargeError' }) })],
    ['nested in a viem cause', Object.assign(new Error('RPC Request failed.'), { cause: { details: 'Log response size exceeded.' } })],
  ])('recognises %s', (_name, error) => {
    expect(isLogRangeTooLargeError(error)).toBe(true);
  });

  it.each([new Error('fetch failed'), new Error('execution reverted'), null])('does not mistake %s for a range error', (error) => {
    expect(isLogRangeTooLargeError(error)).toBe(false);
  });
});

describe('suggestedRangeSize()', () => {
  it('reads the range Infura and Alchemy suggest', () => {
    expect(suggestedRangeSize(infura)).toBe(32);
    expect(suggestedRangeSize(alchemy)).toBe(2000);
    expect(suggestedRangeSize(new Error('block range is too wide'))).toBeUndefined();
  });
});

describe('createLogRangeSizer()', () => {
  it('halves on a range error, jumps to a smaller suggestion, grows on success within bounds', () => {
    const sizer = createLogRangeSizer({ initial: 1000, min: 10, max: 1500 });
    expect(sizer.onTooLarge(new Error('too wide'))).toBe(true);
    expect(sizer.size).toBe(500);
    sizer.onTooLarge(infura);
    expect(sizer.size).toBe(32);
    sizer.onSuccess();
    expect(sizer.size).toBe(32);
    for (let i = 0; i < 20; i++) sizer.onSuccess();
    // Never above the suggestion (32): the provider's limit was learned.
    expect(sizer.size).toBe(32);
  });

  it('without a suggestion, stays below the smallest size that failed', () => {
    const sizer = createLogRangeSizer({ initial: 1000, max: 5000 });
    sizer.onTooLarge(new Error('block range is too wide'));
    for (let i = 0; i < 20; i++) sizer.onSuccess();
    expect(sizer.size).toBe(999);
  });

  it('grows up to max when nothing ever failed', () => {
    const sizer = createLogRangeSizer({ initial: 100, max: 1500 });
    for (let i = 0; i < 20; i++) sizer.onSuccess();
    expect(sizer.size).toBe(1500);
  });

  it('reports when it cannot shrink further', () => {
    const sizer = createLogRangeSizer({ initial: 2, min: 1 });
    expect(sizer.onTooLarge(new Error('x'))).toBe(true);
    expect(sizer.size).toBe(1);
    expect(sizer.onTooLarge(new Error('x'))).toBe(false);
  });
});
