import type { BlockRecord } from '../types/blockRecord.js';
import { MalformedRpcResponseError } from './errors.js';

/** A block header as read from the chain: what is stored, plus the logs bloom. */
export interface BlockHeader extends BlockRecord {
  /** 256-byte logs bloom (not stored): lets the indexer skip eth_getLogs for blocks that cannot match. */
  logsBloom: string | null;
}

const hash32 = /^0x[0-9a-fA-F]{64}$/;

interface RawBlock {
  number?: unknown;
  hash?: unknown;
  parentHash?: unknown;
  timestamp?: unknown;
  transactions?: unknown;
  miner?: unknown;
  gasUsed?: unknown;
  baseFeePerGas?: unknown;
  logsBloom?: unknown;
}

const address20 = /^0x[0-9a-fA-F]{40}$/;
const UINT256_MAX = 2n ** 256n - 1n;

function toUint256(value: unknown, field: string): bigint {
  if (typeof value !== 'bigint' || value < 0n || value > UINT256_MAX) {
    throw new MalformedRpcResponseError(`block.${field} is missing or not a uint256`);
  }
  return value;
}

function toSafeInteger(value: unknown, field: string): number {
  if (typeof value !== 'bigint' && typeof value !== 'number') {
    throw new MalformedRpcResponseError(`block.${field} is missing or not a number`);
  }
  const n = Number(value);
  if (!Number.isSafeInteger(n) || n < 0) throw new MalformedRpcResponseError(`block.${field} is out of range`, String(value));
  return n;
}

/**
 * Validates a viem block and reduces it to a header. Treats the RPC as hostile: every field is checked.
 * @throws MalformedRpcResponseError when a field is missing, malformed, or the number is not the one asked for.
 */
export function parseBlockHeader(chainId: number, raw: RawBlock | null | undefined, expectedNumber?: number): BlockHeader {
  if (!raw || typeof raw !== 'object') throw new MalformedRpcResponseError('block is null or not an object');
  const number = toSafeInteger(raw.number, 'number');
  if (expectedNumber !== undefined && number !== expectedNumber) {
    throw new MalformedRpcResponseError(`asked for block ${expectedNumber}, got ${number}`);
  }
  if (typeof raw.hash !== 'string' || !hash32.test(raw.hash)) throw new MalformedRpcResponseError('block.hash is malformed');
  if (typeof raw.parentHash !== 'string' || !hash32.test(raw.parentHash)) {
    throw new MalformedRpcResponseError('block.parentHash is malformed');
  }
  if (!Array.isArray(raw.transactions)) throw new MalformedRpcResponseError('block.transactions is not a list');
  if (typeof raw.miner !== 'string' || !address20.test(raw.miner)) throw new MalformedRpcResponseError('block.miner is malformed');
  return {
    chainId,
    number,
    hash: raw.hash.toLowerCase(),
    parentHash: raw.parentHash.toLowerCase(),
    timestampSec: toSafeInteger(raw.timestamp, 'timestamp'),
    transactionCount: raw.transactions.length,
    miner: raw.miner.toLowerCase(),
    gasUsed: toUint256(raw.gasUsed, 'gasUsed'),
    baseFeePerGas: raw.baseFeePerGas === null || raw.baseFeePerGas === undefined ? null : toUint256(raw.baseFeePerGas, 'baseFeePerGas'),
    logsBloom: typeof raw.logsBloom === 'string' && /^0x[0-9a-fA-F]{512}$/.test(raw.logsBloom) ? raw.logsBloom.toLowerCase() : null,
  };
}
