import type { Random } from '../../src/devnet/utils/random.js';

/** The corruptions `inconsistentRate` can apply; reported so tests can assert on the exact one. */
export type Corruption =
  | 'block.hash'
  | 'block.parentHash'
  | 'block.number'
  | 'logs.drop'
  | 'logs.blockHash'
  | 'blockNumber.backwards';

/** A corrupted result and what was done to it. */
export interface Corrupted {
  result: unknown;
  corruption: Corruption;
}

/** The methods whose results `inconsistentRate` corrupts. */
export const CORRUPTIBLE_METHODS: readonly string[] = [
  'eth_getBlockByNumber',
  'eth_getBlockByHash',
  'eth_getLogs',
  'eth_blockNumber',
];

/**
 * Corrupts one successful result, choosing the corruption with `random`:
 * a block gets its `hash` or `parentHash` altered (last hex digit flipped) or its `number` moved by one;
 * logs lose one entry or one `blockHash` is altered; `eth_blockNumber` answers 1-3 blocks below
 * `lastHead` (the head this proxy answered last; the true head when there is none).
 * Returns undefined when nothing can be corrupted (other method, null block, no logs, head 0).
 */
export function corruptResult(method: string, result: unknown, random: Random, lastHead: bigint | undefined): Corrupted | undefined {
  switch (method) {
    case 'eth_getBlockByNumber':
    case 'eth_getBlockByHash':
      return isRecord(result) ? corruptBlock(result, random) : undefined;
    case 'eth_getLogs':
      return Array.isArray(result) && result.length > 0 ? corruptLogs(result, random) : undefined;
    case 'eth_blockNumber':
      return typeof result === 'string' ? corruptHead(lastHead ?? BigInt(result), random) : undefined;
    default:
      return undefined;
  }
}

function corruptBlock(block: Record<string, unknown>, random: Random): Corrupted | undefined {
  const corruption = random.pick(['block.hash', 'block.parentHash', 'block.number'] as const);
  switch (corruption) {
    case 'block.hash':
    case 'block.parentHash': {
      const field = corruption === 'block.hash' ? 'hash' : 'parentHash';
      const value = block[field];
      return typeof value === 'string' ? { result: { ...block, [field]: alterHex(value) }, corruption } : undefined;
    }
    case 'block.number': {
      if (typeof block.number !== 'string') return undefined;
      const number = BigInt(block.number);
      const moved = number === 0n || random.chance(0.5) ? number + 1n : number - 1n;
      return { result: { ...block, number: toHex(moved) }, corruption };
    }
    default: {
      const exhaustive: never = corruption;
      throw new Error(`unknown corruption ${String(exhaustive)}`);
    }
  }
}

function corruptLogs(logs: unknown[], random: Random): Corrupted | undefined {
  const index = random.int(0, logs.length - 1);
  if (random.chance(0.5)) return { result: logs.filter((_, i) => i !== index), corruption: 'logs.drop' };
  const log = logs[index];
  if (!isRecord(log) || typeof log.blockHash !== 'string') return undefined;
  const copy = [...logs];
  copy[index] = { ...log, blockHash: alterHex(log.blockHash) };
  return { result: copy, corruption: 'logs.blockHash' };
}

function corruptHead(base: bigint, random: Random): Corrupted | undefined {
  if (base === 0n) return undefined;
  const maxStep = base < 3n ? Number(base) : 3;
  return { result: toHex(base - BigInt(random.int(1, maxStep))), corruption: 'blockNumber.backwards' };
}

/** Flips the last hex digit, so the value keeps its length but never equals the original. */
export function alterHex(value: string): string {
  const last = Number.parseInt(value.slice(-1), 16);
  if (Number.isNaN(last)) return `${value}0`;
  return value.slice(0, -1) + (last ^ 0xf).toString(16);
}

function toHex(value: bigint): string {
  return `0x${value.toString(16)}`;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
