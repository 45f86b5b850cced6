import { Column, CreateDateColumn, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import { int8AsNumber } from '../transformers.js';

/** Follower status of a chain, as stored. */
export type ChainStatus = 'starting' | 'syncing' | 'live' | 'degraded' | 'stopped';

/** A chain in the registry and its follower's state (written by the worker, read by the API). */
@Entity({ name: 'chains' })
export class ChainEntity {
  @PrimaryColumn({ name: 'chain_id', type: 'integer' })
  chainId: number;

  @Column({ type: 'text' })
  name: string;

  @Column({ name: 'head_block', type: 'bigint', nullable: true, transformer: int8AsNumber })
  headBlock: number | null;

  @Column({ name: 'indexed_block', type: 'bigint', nullable: true, transformer: int8AsNumber })
  indexedBlock: number | null;

  @Column({ type: 'text', default: 'starting' })
  status: ChainStatus;

  @Column({ name: 'status_detail', type: 'text', nullable: true })
  statusDetail: string | null;

  @Column({ name: 'finality_depth', type: 'integer' })
  finalityDepth: number;

  /** Fencing token: bumped by each new leader; writes carrying an older epoch are refused. */
  @Column({ name: 'leader_epoch', type: 'integer', default: 0 })
  leaderEpoch: number;

  /** Median RPC latency over the last reporting window. */
  @Column({ name: 'rpc_latency_ms', type: 'real', nullable: true })
  rpcLatencyMs: number | null;

  /** Failed RPC calls / all calls over the last reporting window (0-1). */
  @Column({ name: 'rpc_error_rate', type: 'real', nullable: true })
  rpcErrorRate: number | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
