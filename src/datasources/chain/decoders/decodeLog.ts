import { tryDecodeLog } from './tryDecodeLog.js';
import type { DecodedEvent, RawLog } from './types.js';

/**
 * Decodes a log into a typed event, or returns null when it is not one we index or does not fit the event's layout
 * (wrong topic count, short data, ERC-721 `Transfer`, pending log). Never throws; use `tryDecodeLog` to learn why.
 * `chainId` is stamped on the event (viem logs do not carry it).
 */
export function decodeLog(log: RawLog, chainId: number): DecodedEvent | null {
  const result = tryDecodeLog(log, chainId);
  return result.status === 'decoded' ? result.event : null;
}
