import { MalformedRpcResponseError } from './errors.js';

/** A log as the indexer accepts it: every field checked, hex lowercase. */
export interface ChainLog {
  address: string;
  topics: string[];
  data: string;
  blockNumber: number;
  blockHash: string;
  transactionHash: string;
  logIndex: number;
}

const hash32 = /^0x[0-9a-fA-F]{64}$/;
const address20 = /^0x[0-9a-fA-F]{40}$/;
const hexData = /^0x([0-9a-fA-F]{2})*$/;

interface RawLog {
  address?: unknown;
  topics?: unknown;
  data?: unknown;
  blockNumber?: unknown;
  blockHash?: unknown;
  transactionHash?: unknown;
  logIndex?: unknown;
  removed?: unknown;
}

function safeInt(value: unknown, field: string): number {
  const n = typeof value === 'bigint' || typeof value === 'number' ? Number(value) : Number.NaN;
  if (!Number.isSafeInteger(n) || n < 0) throw new MalformedRpcResponseError(`log.${field} is missing or out of range`);
  return n;
}

/**
 * Validates one log from eth_getLogs (viem-shaped: bigint numbers, hex strings).
 * @throws MalformedRpcResponseError on any missing or malformed field, a pending log, or a block outside [from, to].
 */
export function parseLog(raw: RawLog, fromBlock: number, toBlock: number): ChainLog {
  if (!raw || typeof raw !== 'object') throw new MalformedRpcResponseError('log is not an object');
  if (raw.removed === true) throw new MalformedRpcResponseError('eth_getLogs returned a removed log');
  const blockNumber = safeInt(raw.blockNumber, 'blockNumber');
  if (blockNumber < fromBlock || blockNumber > toBlock) {
    throw new MalformedRpcResponseError(`log.blockNumber ${blockNumber} is outside the requested range ${fromBlock}-${toBlock}`);
  }
  if (typeof raw.address !== 'string' || !address20.test(raw.address)) throw new MalformedRpcResponseError('log.address is malformed');
  if (typeof raw.blockHash !== 'string' || !hash32.test(raw.blockHash)) throw new MalformedRpcResponseError('log.blockHash is malformed');
  if (typeof raw.transactionHash !== 'string' || !hash32.test(raw.transactionHash)) throw new MalformedRpcResponseError('log.transactionHash is malformed');
  if (!Array.isArray(raw.topics) || raw.topics.length > 4 || !raw.topics.every((t) => typeof t === 'string' && hash32.test(t))) {
    throw new MalformedRpcResponseError('log.topics is malformed');
  }
  if (typeof raw.data !== 'string' || !hexData.test(raw.data)) throw new MalformedRpcResponseError('log.data is malformed');
  return {
    address: raw.address.toLowerCase(),
    topics: (raw.topics as string[]).map((t) => t.toLowerCase()),
    data: raw.data.toLowerCase(),
    blockNumber,
    blockHash: raw.blockHash.toLowerCase(),
    transactionHash: raw.transactionHash.toLowerCase(),
    logIndex: safeInt(raw.logIndex, 'logIndex'),
  };
}
