import { Column, Entity, PrimaryColumn } from 'typeorm';
import { int8AsNumber, numericAsBigint } from '../transformers.js';

/** A block header as indexed. Hashes are lowercase 0x-hex. */
@Entity({ name: 'blocks' })
export class BlockEntity {
  @PrimaryColumn({ name: 'chain_id', type: 'integer' })
  chainId: number;

  @PrimaryColumn({ type: 'bigint', transformer: int8AsNumber })
  number: number;

  @Column({ type: 'text' })
  hash: string;

  @Column({ name: 'parent_hash', type: 'text' })
  parentHash: string;

  @Column({ name: 'timestamp_sec', type: 'bigint', transformer: int8AsNumber })
  timestampSec: number;

  @Column({ name: 'transaction_count', type: 'integer' })
  transactionCount: number;

  /** Fee recipient, lowercase 0x-hex. */
  @Column({ type: 'text' })
  miner: string;

  @Column({ name: 'gas_used', type: 'numeric', precision: 78, scale: 0, transformer: numericAsBigint })
  gasUsed: bigint;

  /** Null before London (EIP-1559). */
  @Column({ name: 'base_fee_per_gas', type: 'numeric', precision: 78, scale: 0, nullable: true, transformer: numericAsBigint })
  baseFeePerGas: bigint | null;

  @Column({ name: 'indexed_at', type: 'timestamptz', default: () => 'now()' })
  indexedAt: Date;
}
