import { decodeEventLog, type Hex } from 'viem';
import { erc20TransferDecoder } from './erc20Decoders.js';
import { UndecodableLogError } from './errors.js';
import { EVENT_DECODERS } from './eventDecoders.js';
import type { DecodedEvent, LogPosition, RawLog } from './types.js';

/** Outcome of {@link tryDecodeLog}. */
export type DecodeLogResult =
  | { status: 'decoded'; event: DecodedEvent }
  /** Not an event we index: unknown topic0, no topics (anonymous event), or an ERC-721 `Transfer`. */
  | { status: 'ignored'; reason: 'unknown-topic' | 'erc721-transfer' }
  /** Carries one of our topic0s but does not fit the event's layout. */
  | { status: 'undecodable'; error: UndecodableLogError };

const HASH = /^0x[0-9a-fA-F]{64}$/;
const ADDRESS = /^0x[0-9a-fA-F]{40}$/;
const DATA = /^0x(?:[0-9a-fA-F]{2})*$/;

function parsePosition(log: RawLog, chainId: number, topic0: string): LogPosition {
  const { blockNumber, blockHash, transactionHash, logIndex } = log;
  if (blockNumber === null || blockHash === null || transactionHash === null || logIndex === null) {
    throw new UndecodableLogError('position', 'Log has no block position (pending log)', { topic0 });
  }
  const number = typeof blockNumber === 'bigint' ? Number(blockNumber) : Number.NaN;
  if (!Number.isSafeInteger(number) || number < 0 || !Number.isSafeInteger(logIndex) || logIndex < 0) {
    throw new UndecodableLogError('position', 'Log has an invalid block number or log index', {
      topic0,
      details: `blockNumber ${String(blockNumber)}, logIndex ${String(logIndex)}`,
    });
  }
  if (!HASH.test(blockHash) || !HASH.test(transactionHash)) {
    throw new UndecodableLogError('position', 'Log has a malformed block or transaction hash', { topic0 });
  }
  return {
    chainId,
    blockNumber: number,
    blockHash: blockHash.toLowerCase(),
    txHash: transactionHash.toLowerCase(),
    logIndex,
    address: log.address.toLowerCase(),
  };
}

function describe(log: RawLog): string {
  return `address ${log.address}, block ${String(log.blockNumber)}, logIndex ${String(log.logIndex)}, tx ${String(log.transactionHash)}`;
}

/**
 * Decodes one log into a typed event when its topic0 is one we index, reporting why otherwise. Never throws.
 * Matching is by topic0 only: any contract can emit a `Swap`, so callers filter by the emitters they trust.
 * The `removed` flag is not looked at: reorgs are handled by deleting above the fork height.
 */
export function tryDecodeLog(log: RawLog, chainId: number): DecodeLogResult {
  const topic0 = log.topics[0]?.toLowerCase();
  const decoder = topic0 === undefined ? undefined : EVENT_DECODERS.get(topic0);
  if (topic0 === undefined || decoder === undefined) return { status: 'ignored', reason: 'unknown-topic' };
  // ERC-721 Transfer(from, to, tokenId) indexes all three: same topic0 as ERC-20, one more topic, no data.
  if (decoder === erc20TransferDecoder && log.topics.length === 4) return { status: 'ignored', reason: 'erc721-transfer' };
  try {
    if (typeof log.address !== 'string' || !ADDRESS.test(log.address) || log.topics.some((t) => !HASH.test(t)) || !DATA.test(log.data)) {
      throw new UndecodableLogError('encoding', 'Log address, topics or data are not well-formed hex', { topic0 });
    }
    const position = parsePosition(log, chainId, topic0);
    if (log.topics.length !== decoder.topicCount) {
      throw new UndecodableLogError('topic-count', `${decoder.abiItem.name} log has ${log.topics.length} topics, expected ${decoder.topicCount}`, { topic0 });
    }
    const dataBytes = (log.data.length - 2) / 2;
    if (dataBytes < decoder.dataWords * 32) {
      throw new UndecodableLogError('data', `${decoder.abiItem.name} log has ${dataBytes} data bytes, expected ${decoder.dataWords * 32}`, { topic0 });
    }
    let args: Record<string, unknown>;
    try {
      const decoded = decodeEventLog({ abi: [decoder.abiItem], data: log.data, topics: log.topics as [Hex, ...Hex[]], strict: true });
      args = decoded.args as Record<string, unknown>;
    } catch (cause) {
      throw new UndecodableLogError('data', `${decoder.abiItem.name} log does not decode`, { topic0, cause });
    }
    try {
      return { status: 'decoded', event: decoder.build(args, position) };
    } catch (cause) {
      throw new UndecodableLogError('value-range', `${decoder.abiItem.name}: ${(cause as Error).message}`, { topic0, cause });
    }
  } catch (error) {
    const undecodable =
      error instanceof UndecodableLogError
        ? error
        : new UndecodableLogError('data', 'Log could not be decoded', { topic0, cause: error });
    return { status: 'undecodable', error: withLogDetails(undecodable, log) };
  }
}

function withLogDetails(error: UndecodableLogError, log: RawLog): UndecodableLogError {
  if (error.details !== undefined) return error;
  return new UndecodableLogError(error.reason, error.shortMessage, { topic0: error.topic0, details: describe(log), cause: error.cause });
}
