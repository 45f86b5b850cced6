import { describe, expect, it } from 'vitest';
import { decodeIntCursor, encodeCursor } from './cursor.js';

describe('cursors', () => {
  it('round-trip an integer cursor', () => {
    expect(decodeIntCursor('block', encodeCursor('block', 123_456))).toBe(123_456);
  });

  it.each([
    ['garbage', 'not a cursor!'],
    ['another kind', encodeCursor('pool', 5)],
    ['a non-integer value', encodeCursor('block', 'abc')],
    ['a negative value', encodeCursor('block', -1)],
  ])('rejects %s with BAD_USER_INPUT', (_case, cursor) => {
    try {
      decodeIntCursor('block', cursor);
      expect.unreachable();
    } catch (error) {
      expect((error as { extensions: { code: string } }).extensions.code).toBe('BAD_USER_INPUT');
    }
  });
});
