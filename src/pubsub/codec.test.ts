import { describe, expect, it } from 'vitest';
import { decodePayload, encodePayload } from './codec.js';

describe('pub/sub codec', () => {
  it.each([
    ['a uint256 bigint', { amount: 2n ** 256n - 1n }],
    ['a negative bigint', { delta: -12345678901234567890n }],
    ['a Date', { at: new Date('2024-05-01T12:34:56.789Z') }],
    ['nested arrays and nulls', { list: [1n, null, { d: new Date(0) }], s: 'x', n: 1.5, b: true }],
    ['a string that looks like a bigint stays a string', { id: '123' }],
  ])('round-trips %s', (_name, value) => {
    expect(decodePayload(encodePayload(value))).toEqual(value);
  });

  it('does not mistake an object with extra keys for a tag', () => {
    const value = { $bigint: '1', other: 2 };
    expect(decodePayload(encodePayload(value))).toEqual(value);
  });

  it('throws on malformed text', () => {
    expect(() => decodePayload('{nope')).toThrow(SyntaxError);
  });
});
