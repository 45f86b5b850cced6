import { describe, expect, it } from 'vitest';
import type { ApiError } from '../../errors/apiErrors.js';
import { assertReplayable, ReplayRefusal } from './assertReplayable.js';
import { MAX_REPLAY_BLOCKS } from './createSwapStream.js';

function refusal(fromBlock: number, indexed: number | null, first: number | null) {
  try {
    assertReplayable(fromBlock, indexed, first);
    return null;
  } catch (error) {
    return (error as ApiError).extensions;
  }
}

describe('assertReplayable()', () => {
  const head = 100_000;
  it.each([
    { what: 'the first indexed block', fromBlock: 60_000, first: 60_000 },
    { what: 'the head', fromBlock: head, first: 0 },
    { what: 'head + 1 (live from the next block)', fromBlock: head + 1, first: 0 },
    { what: `exactly ${MAX_REPLAY_BLOCKS} blocks back`, fromBlock: head - MAX_REPLAY_BLOCKS, first: 0 },
  ])('accepts $what', ({ fromBlock, first }) => {
    expect(refusal(fromBlock, head, first)).toBeNull();
  });

  it.each([
    { fromBlock: head + 2, first: 0, reason: ReplayRefusal.AHEAD_OF_HEAD, earliestBlock: head - MAX_REPLAY_BLOCKS },
    { fromBlock: head - MAX_REPLAY_BLOCKS - 1, first: 0, reason: ReplayRefusal.TOO_FAR_BACK, earliestBlock: head - MAX_REPLAY_BLOCKS },
    { fromBlock: 0, first: 0, reason: ReplayRefusal.TOO_FAR_BACK, earliestBlock: head - MAX_REPLAY_BLOCKS },
    { fromBlock: 79_999, first: 80_000, reason: ReplayRefusal.BEFORE_HISTORY, earliestBlock: 80_000 },
    { fromBlock: -1, first: 80_000, reason: ReplayRefusal.BEFORE_HISTORY, earliestBlock: 80_000 },
  ])('refuses fromBlock $fromBlock (first block $first) with $reason', ({ fromBlock, first, reason, earliestBlock }) => {
    expect(refusal(fromBlock, head, first)).toEqual({ code: 'BAD_USER_INPUT', argument: 'fromBlock', reason, earliestBlock, latestBlock: head + 1 });
  });

  it('refuses any fromBlock before anything is indexed', () => {
    expect(refusal(0, null, null)).toMatchObject({ code: 'BAD_USER_INPUT', reason: ReplayRefusal.NOTHING_INDEXED });
  });
});
