import { describe, expect, it } from 'vitest';
import { tokenKey } from './tokenKey.js';

describe('tokenKey()', () => {
  it.each([
    [1, '0xA0b86991c6218b36c1d19d4a2e9eB0cE3606eB48', '1:0xa0b86991c6218b36c1d19d4a2e9eb0ce3606eb48'],
    [42161, '0xabc', '42161:0xabc'],
  ])('keys chain %i and %s as %s', (chainId, address, expected) => {
    expect(tokenKey(chainId, address)).toBe(expected);
  });
});
