import { In, type EntityManager } from 'typeorm';
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

/** Records the indexed height (and the head seen, when given) inside the caller's transaction. */
export async function setIndexedBlock(manager: EntityManager, chainId: number, indexedBlock: number | null, headBlock?: number | null): Promise<void> {
  await manager.update(ChainEntity, { chainId }, headBlock === undefined || headBlock === null ? { indexedBlock } : { indexedBlock, headBlock });
}
