import { ApiError, badUserInput, notFound } from '../../errors/apiErrors.js';
import { ErrorCode } from '../../errors/errorCode.js';
import type { GraphQLContext } from '../context.js';
import type { BlockFilter } from './blockFilter.js';
import { assertWithinHistoryWindow } from './historyWindow.js';

/** A resolved point in time on one chain: the requested block (or the newest at or before the time) and its time. */
export interface BlockPoint {
  chainId: number;
  number: number;
  timestampSec: number;
}

/** BLOCK_NOT_INDEXED: the block or time asked for is above what the chain has indexed. */
export const blockNotIndexed = (message: string): ApiError => new ApiError(ErrorCode.BLOCK_NOT_INDEXED, message, { argument: 'block' });

/** DATA_NOT_AVAILABLE: nothing is stored for that point (before history started, or a value not kept per block). */
export const dataNotAvailable = (message: string): ApiError => new ApiError(ErrorCode.DATA_NOT_AVAILABLE, message);

/**
 * Validates `block` and resolves it on a chain (one SQL statement).
 * @throws ApiError BAD_USER_INPUT unless exactly one of number/timestamp is given (number >= 0); NOT_FOUND for an
 * unknown chain; BLOCK_NOT_INDEXED above the indexed head (or after its time); DATA_NOT_AVAILABLE before the first stored block;
 * FORBIDDEN before the caller's tier history window.
 */
export async function resolveBlockPoint(ctx: GraphQLContext, chainId: number, block: BlockFilter): Promise<BlockPoint> {
  const hasNumber = block.number !== null && block.number !== undefined;
  const hasTime = block.timestamp !== null && block.timestamp !== undefined;
  if (hasNumber === hasTime) throw badUserInput('block: give exactly one of number or timestamp', 'block');
  if (hasNumber && block.number! < 0) throw badUserInput(`block.number must be >= 0, got ${block.number}`, 'block');
  const timestampSec = hasTime ? Math.floor(block.timestamp!.getTime() / 1000) : null;
  const row = await ctx.repos.market.getBlockPoint(chainId, hasNumber ? { number: block.number! } : { timestampSec: timestampSec! });
  if (!row) throw notFound('chain', chainId);
  if (row.indexedBlock === null || row.headTimestampSec === null) throw blockNotIndexed(`chain ${chainId} has not indexed any block yet`);
  if (hasNumber && block.number! > row.indexedBlock) {
    throw blockNotIndexed(`block ${block.number} is not indexed yet: chain ${chainId} is indexed up to block ${row.indexedBlock}`);
  }
  if (timestampSec !== null && timestampSec > row.headTimestampSec) {
    throw blockNotIndexed(`timestamp ${block.timestamp!.toISOString()} is after the newest indexed block of chain ${chainId} (${new Date(row.headTimestampSec * 1000).toISOString()}, block ${row.indexedBlock})`);
  }
  if (row.number === null || row.timestampSec === null) {
    throw dataNotAvailable(`chain ${chainId} has no indexed history at or before ${hasNumber ? `block ${block.number}` : block.timestamp!.toISOString()}`);
  }
  assertWithinHistoryWindow(ctx.principal, row.timestampSec, 'block');
  // For a number, the stored block at or below it stands in for its time when the block itself carried no event.
  return { chainId, number: hasNumber ? block.number! : row.number, timestampSec: row.timestampSec };
}
