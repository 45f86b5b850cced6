import { decodeEventLog, type Hex } from 'viem';
import { erc20TransferDecoder } from './erc20Decoders.js';
import type { AnyEventDecoder } from './defineEventDecoder.js';
import { UndecodableLogError, type UndecodableLogReason } from './errors.js';
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
    throw new UndecodableLogError('position', 'Log has no block position (pending log)', { topic0, details: describeLog(log) });
  }
  const number = typeof blockNumber === 'bigint' ? Number(blockNumber) : Number.NaN;
  if (!Number.isSafeInteger(number) || number < 0 || !Number.isSafeInteger(logIndex) || logIndex < 0) {
    throw new UndecodableLogError('position', 'Log has an invalid block number or log index', {
      topic0,
      details: describeLog(log),
    });
  }
  if (!HASH.test(blockHash) || !HASH.test(transactionHash)) {
    throw new UndecodableLogError('position', 'Log has a malformed block or transaction hash', { topic0, details: describeLog(log) });
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

function describeLog(log: RawLog): string {
  return `address ${log.address}, block ${String(log.blockNumber)}, logIndex ${String(log.logIndex)}, tx ${String(log.transactionHash)}`;
}

/**
 * Decodes one log into a typed event when its topic0 is one we index, reporting why otherwise. Never throws.
 * Matching is by topic0 only: any contract can emit a `Swap`, so callers filter by the emitters they trust.
 * The `removed` flag is not looked at: reorgs are handled by deleting above the fork height.
 */
export function tryDecodeLog(log: RawLog, chainId: number): DecodeLogResult {
  const first: unknown = Array.isArray(log.topics) ? log.topics[0] : undefined;
  const topic0 = typeof first === 'string' ? first.toLowerCase() : undefined;
  const decoder = topic0 === undefined ? undefined : EVENT_DECODERS.get(topic0);
  if (topic0 === undefined || decoder === undefined) return { status: 'ignored', reason: 'unknown-topic' };
  // ERC-721 Transfer(from, to, tokenId) indexes all three: same topic0 as ERC-20, one more topic, no data.
  if (decoder === erc20TransferDecoder && log.topics.length === 4) return { status: 'ignored', reason: 'erc721-transfer' };
  try {
    return { status: 'decoded', event: decodeWith(decoder, log, chainId, topic0) };
  } catch (error) {
    const undecodable =
      error instanceof UndecodableLogError
        ? error
        : new UndecodableLogError('data', 'Log could not be decoded', { topic0, details: describeLog(log), cause: error });
    return { status: 'undecodable', error: undecodable };
  }
}

function decodeWith(decoder: AnyEventDecoder, log: RawLog, chainId: number, topic0: string): DecodedEvent {
  const fail = (reason: UndecodableLogReason, message: string, cause?: unknown) =>
    new UndecodableLogError(reason, message, { topic0, details: describeLog(log), cause });
  const name = decoder.abiItem.name;
  if (typeof log.address !== 'string' || !ADDRESS.test(log.address) || log.topics.some((t) => !HASH.test(t)) || !DATA.test(log.data)) {
    throw fail('encoding', `${name} log address, topics or data are not well-formed hex`);
  }
  const position = parsePosition(log, chainId, topic0);
  if (log.topics.length !== decoder.topicCount) {
    throw fail('topic-count', `${name} log has ${log.topics.length} topics, expected ${decoder.topicCount}`);
  }
  const dataBytes = (log.data.length - 2) / 2;
  if (dataBytes < decoder.dataWords * 32) throw fail('data', `${name} log has ${dataBytes} data bytes, expected ${decoder.dataWords * 32}`);
  let args: Record<string, unknown>;
  try {
    // viem matches topic0 case-sensitively against its lowercase selector.
    const topics = log.topics.map((topic) => topic.toLowerCase()) as [Hex, ...Hex[]];
    args = decodeEventLog({ abi: [decoder.abiItem], data: log.data, topics, strict: true }).args as Record<string, unknown>;
  } catch (cause) {
    throw fail('data', `${name} log does not decode`, cause);
  }
  try {
    return decoder.build(args, position);
  } catch (cause) {
    throw fail('value-range', `${name}: ${(cause as Error).message}`, cause);
  }
}
