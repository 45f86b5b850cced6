import { ApiError } from '../../errors/apiErrors.js';
import { ErrorCode } from '../../errors/errorCode.js';
import { MAX_REPLAY_BLOCKS } from './createSwapStream.js';

/** Why a `fromBlock` was refused (`extensions.reason` of the BAD_USER_INPUT error). */
export enum ReplayRefusal {
  NOTHING_INDEXED = 'NOTHING_INDEXED',
  BEFORE_HISTORY = 'FROM_BLOCK_BEFORE_HISTORY',
  TOO_FAR_BACK = 'FROM_BLOCK_TOO_FAR_BACK',
  AHEAD_OF_HEAD = 'FROM_BLOCK_AHEAD_OF_HEAD',
}

function refuse(reason: ReplayRefusal, message: string, range: { earliestBlock: number | null; latestBlock: number | null }): ApiError {
  return new ApiError(ErrorCode.BAD_USER_INPUT, message, { argument: 'fromBlock', reason, ...range });
}

/**
 * Checks `fromBlock` against what can be replayed: [max(first stored block, indexed head - MAX_REPLAY_BLOCKS), indexed head + 1].
 * @throws BAD_USER_INPUT with `extensions.reason` (a {@link ReplayRefusal}), `earliestBlock` and `latestBlock`.
 */
export function assertReplayable(fromBlock: number, indexedBlock: number | null, firstBlock: number | null): void {
  if (indexedBlock === null || firstBlock === null) {
    throw refuse(ReplayRefusal.NOTHING_INDEXED, 'Nothing is indexed on this chain yet: subscribe without fromBlock', { earliestBlock: null, latestBlock: null });
  }
  const earliestBlock = Math.max(firstBlock, indexedBlock - MAX_REPLAY_BLOCKS);
  const range = { earliestBlock, latestBlock: indexedBlock + 1 };
  const span = `replayable: ${earliestBlock} to ${indexedBlock + 1}`;
  if (fromBlock > indexedBlock + 1) throw refuse(ReplayRefusal.AHEAD_OF_HEAD, `fromBlock ${fromBlock} is above the indexed head ${indexedBlock} + 1 (${span})`, range);
  if (fromBlock < firstBlock) throw refuse(ReplayRefusal.BEFORE_HISTORY, `fromBlock ${fromBlock} is below the first indexed block ${firstBlock} (${span})`, range);
  if (fromBlock < indexedBlock - MAX_REPLAY_BLOCKS) {
    throw refuse(ReplayRefusal.TOO_FAR_BACK, `fromBlock ${fromBlock} is more than ${MAX_REPLAY_BLOCKS} blocks below the indexed head ${indexedBlock} (${span})`, range);
  }
}
