import { In, type EntityManager } from 'typeorm';
import { BaseError } from '../../../errors/baseError.js';
import type { Database } from '../createDatabase.js';
import { ChainEntity, type ChainStatus } from '../entities/chain.entity.js';

export interface ChainRegistration {
  chainId: number;
  name: string;
  finalityDepth: number;
}

export interface ChainStatePatch {
  headBlock?: number;
  indexedBlock?: number | null;
  status?: ChainStatus;
  statusDetail?: string | null;
  rpcLatencyMs?: number | null;
  rpcErrorRate?: number | null;
}

/** Reads and writes the chain registry. */
export function createChainRepository(db: Database) {
  const repo = db.dataSource.getRepository(ChainEntity);
  return {
    /** Adds or renames configured chains; keeps their follower state. */
    async register(chains: ChainRegistration[]): Promise<void> {
      if (chains.length === 0) return;
      await repo
        .createQueryBuilder()
        .insert()
        .values(chains.map((c) => ({ ...c, status: 'starting' as const })))
        .orUpdate(['name', 'finality_depth', 'updated_at'], ['chain_id'])
        .execute();
    },
    list: (): Promise<ChainEntity[]> => repo.find({ order: { chainId: 'ASC' } }),
    getMany: (chainIds: readonly number[]): Promise<ChainEntity[]> => repo.findBy({ chainId: In([...chainIds]) }),
    async updateState(chainId: number, patch: ChainStatePatch): Promise<void> {
      await repo.update({ chainId }, patch);
    },
  };
}

export type ChainRepository = ReturnType<typeof createChainRepository>;

/** A write carried an epoch older than the chain's: another worker leads this chain now. */
export class LeadershipLostError extends BaseError {
  override name = 'LeadershipLostError' as const;
  constructor(chainId: number, epoch: number) {
    super(`Chain ${chainId}: this worker (epoch ${epoch}) no longer leads it; its write was refused`);
  }
}

/**
 * Records the indexed height (and the head seen, when given) inside the caller's transaction. With `epoch`, the
 * write is fenced: it applies only while the chain's leader epoch is still `epoch`.
 * @throws LeadershipLostError when fenced out (the transaction must roll back).
 */
export async function setIndexedBlock(manager: EntityManager, chainId: number, indexedBlock: number | null, headBlock?: number | null, epoch?: number): Promise<void> {
  const patch = headBlock === undefined || headBlock === null ? { indexedBlock } : { indexedBlock, headBlock };
  const where = epoch === undefined ? { chainId } : { chainId, leaderEpoch: epoch };
  const result = await manager.update(ChainEntity, where, patch);
  if (epoch !== undefined && result.affected === 0) throw new LeadershipLostError(chainId, epoch);
}

/** Makes the caller the chain's newest leader; returns its fencing epoch. */
export async function bumpLeaderEpoch(db: Database, chainId: number): Promise<number> {
  const rows: { leader_epoch: number }[] = await db.dataSource.query(
    'UPDATE chains SET leader_epoch = leader_epoch + 1 WHERE chain_id = $1 RETURNING leader_epoch',
    [chainId],
  );
  // pg returns [rows, count] for UPDATE ... RETURNING through TypeORM's query(); PGlite returns rows.
  const row = (Array.isArray(rows[0]) ? (rows[0] as unknown[])[0] : rows[0]) as { leader_epoch: number } | undefined;
  if (!row) throw new BaseError(`Chain ${chainId} is not registered`);
  return Number(row.leader_epoch);
}
