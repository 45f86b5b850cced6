import { getAddress, isAddress } from 'viem';

/** Returns the EIP-55 checksummed address, or null when `value` is not a valid address (bad checksum included). */
export function toChecksumAddress(value: string): string | null {
  if (!isAddress(value, { strict: true })) return null;
  return getAddress(value);
}
