import type { EntityManager } from 'typeorm';
import type { BlockRecord } from '../../types/blockRecord.js';
import type { Database } from '../createDatabase.js';
import { BlockEntity } from '../entities/block.entity.js';


export interface BlockPage {
  blocks: BlockEntity[];
  hasNextPage: boolean;
}

/** Reads and writes block headers. */
export function createBlockRepository(db: Database) {
  const repo = db.dataSource.getRepository(BlockEntity);
  return {
    get: (chainId: number, number: number) => repo.findOneBy({ chainId, number }),
    latest: (chainId: number) => repo.findOne({ where: { chainId }, order: { number: 'DESC' } }),
    /** Stores a block; replaces one at the same height (the caller has rolled back what it orphaned). */
    async insert(manager: EntityManager, block: BlockRecord): Promise<void> {
      await manager
        .createQueryBuilder()
        .insert()
        .into(BlockEntity)
        .values(block)
        .orUpdate(['hash', 'parent_hash', 'timestamp_sec', 'transaction_count', 'miner', 'gas_used', 'base_fee_per_gas', 'indexed_at'], ['chain_id', 'number'])
        .execute();
    },
    /** Stores many blocks in multi-row statements (chunks of 1000); same replace-on-conflict as `insert`. */
    async insertMany(manager: EntityManager, rows: BlockRecord[]): Promise<void> {
      for (let i = 0; i < rows.length; i += 1000) {
        await manager
          .createQueryBuilder()
          .insert()
          .into(BlockEntity)
          .values(rows.slice(i, i + 1000))
          .orUpdate(['hash', 'parent_hash', 'timestamp_sec', 'transaction_count', 'miner', 'gas_used', 'base_fee_per_gas', 'indexed_at'], ['chain_id', 'number'])
          .execute();
      }
    },
    /** Deletes blocks above `number` (a reorg rollback). Returns how many went. */
    async deleteAbove(manager: EntityManager, chainId: number, number: number): Promise<number> {
      const result = await manager
        .createQueryBuilder()
        .delete()
        .from(BlockEntity)
        .where('chain_id = :chainId AND number > :number', { chainId, number })
        .execute();
      return result.affected ?? 0;
    },
    /** Newest first, `first` blocks strictly below `beforeNumber` when given. */
    async page(chainId: number, first: number, beforeNumber?: number): Promise<BlockPage> {
      const query = repo
        .createQueryBuilder('b')
        .where('b.chain_id = :chainId', { chainId })
        .orderBy('b.number', 'DESC')
        .limit(first + 1);
      if (beforeNumber !== undefined) query.andWhere('b.number < :beforeNumber', { beforeNumber });
      const rows = await query.getMany();
      return { blocks: rows.slice(0, first), hasNextPage: rows.length > first };
    },
    count: (chainId: number) => repo.countBy({ chainId }),
  };
}

export type BlockRepository = ReturnType<typeof createBlockRepository>;
