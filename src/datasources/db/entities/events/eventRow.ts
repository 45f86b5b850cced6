import { Column, PrimaryColumn } from 'typeorm';
import type { DecodedEventKind, DecodedEventOf } from '../../../chain/decoders/types.js';
import { int8AsNumber, numericAsBigint } from '../../transformers.js';

/** The stored shape of one event kind: the decoded event without its `kind` tag (the table says it). */
export type EventRow<K extends DecodedEventKind> = Omit<DecodedEventOf<K>, 'kind'>;

/**
 * Columns every event table starts with. The key is the log's position, (chain_id, block_number, log_index), so
 * re-inserting a log is a no-op; a reorg must delete above the fork before the new branch is inserted.
 */
export abstract class EventRowBase {
  @PrimaryColumn({ name: 'chain_id', type: 'integer' })
  chainId: number;

  @PrimaryColumn({ name: 'block_number', type: 'bigint', transformer: int8AsNumber })
  blockNumber: number;

  @PrimaryColumn({ name: 'log_index', type: 'integer' })
  logIndex: number;

  @Column({ name: 'block_hash', type: 'text' })
  blockHash: string;

  @Column({ name: 'tx_hash', type: 'text' })
  txHash: string;

  /** The emitting contract, lowercase. */
  @Column({ type: 'text' })
  address: string;
}

/** A lowercase 0x-hex address column. */
export const AddressColumn = (name: string) => Column({ name, type: 'text' });

/** A `numeric(78,0)` column read and written as bigint (uint256 and int256 both fit). */
export const AmountColumn = (name: string) => Column({ name, type: 'numeric', precision: 78, scale: 0, transformer: numericAsBigint });

/** An `integer` column (ticks, fee tiers, small enums). */
export const IntColumn = (name: string) => Column({ name, type: 'integer' });

/** A `boolean` column. */
export const BoolColumn = (name: string) => Column({ name, type: 'boolean' });
