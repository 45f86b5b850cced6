import { hexToBytes, keccak256 } from 'viem';

/**
 * True when a block's 2048-bit logs bloom may contain `value` (an address or a topic, 0x-hex). The bloom sets, for
 * each value, three bits chosen by the low 11 bits of the first three byte pairs of keccak256(value).
 * A false answer is certain (no log in the block has it); a true answer may be a false positive.
 */
export function bloomMayContain(bloom: string, value: string): boolean {
  const bits = hexToBytes(bloom as `0x${string}`);
  if (bits.length !== 256) return true; // a malformed bloom proves nothing: fetch the logs
  const hash = hexToBytes(keccak256(value as `0x${string}`));
  for (let i = 0; i < 6; i += 2) {
    const bit = ((hash[i]! << 8) | hash[i + 1]!) & 2047;
    const byte = bits[255 - (bit >> 3)]!;
    if ((byte & (1 << (bit & 7))) === 0) return false;
  }
  return true;
}

/** True when the bloom may hold a log of one of `topics` (topic0) — the indexer's cheap skip test per block. */
export function bloomMayMatchTopics(bloom: string, topics: readonly string[]): boolean {
  return topics.some((topic) => bloomMayContain(bloom, topic));
}
