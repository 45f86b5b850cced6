import { Column, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import type { TokenMetadataStatus } from '../../../chain/readTokenMetadataResults.js';

/** ERC-20 metadata read from chain. Null fields could not be read. */
@Entity({ name: 'tokens' })
export class TokenEntity {
  @PrimaryColumn({ name: 'chain_id', type: 'integer' })
  chainId: number;

  /** Lowercase 0x-hex. */
  @PrimaryColumn({ type: 'text' })
  address: string;

  @Column({ type: 'text', nullable: true })
  symbol: string | null;

  @Column({ type: 'text', nullable: true })
  name: string | null;

  @Column({ type: 'integer', nullable: true })
  decimals: number | null;

  @Column({ name: 'metadata_status', type: 'text' })
  status: TokenMetadataStatus;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
