/** A block header as the platform stores, publishes and serves it. Hashes and miner are lowercase 0x-hex. */
export interface BlockRecord {
  chainId: number;
  number: number;
  hash: string;
  parentHash: string;
  timestampSec: number;
  transactionCount: number;
  miner: string;
  gasUsed: bigint;
  /** Null before London (EIP-1559). */
  baseFeePerGas: bigint | null;
}
