import { Field, Float, Int, ObjectType, registerEnumType } from 'type-graphql';
import type { ChainEntity } from '../../datasources/db/entities/chain.entity.js';
import { DateTimeScalar } from '../scalars/dateTime.scalar.js';

/** Follower status of a chain. */
export enum ChainStatusEnum {
  STARTING = 'starting',
  SYNCING = 'syncing',
  LIVE = 'live',
  DEGRADED = 'degraded',
  STOPPED = 'stopped',
}

registerEnumType(ChainStatusEnum, {
  name: 'ChainStatus',
  description: 'Indexing status of a chain',
  valuesConfig: {
    STARTING: { description: 'The follower has not reported yet.' },
    SYNCING: { description: 'Catching up: more than 2 blocks behind the head.' },
    LIVE: { description: 'At most 2 blocks behind the head.' },
    DEGRADED: { description: 'The RPC is failing; data may be stale. See statusDetail.' },
    STOPPED: { description: 'The follower stopped (shutdown or an error that needs an operator). See statusDetail.' },
  },
});

@ObjectType({ description: 'An indexed EVM chain' })
export class Chain {
  @Field(() => Int, { description: 'EIP-155 chain id' })
  chainId: number;

  @Field({ description: 'Slug, e.g. ethereum' })
  name: string;

  @Field(() => Int, { nullable: true, description: 'Latest block number the RPC reported' })
  headBlock: number | null;

  @Field(() => Int, { nullable: true, description: 'Latest block number stored' })
  indexedBlock: number | null;

  @Field(() => Int, { nullable: true, description: 'headBlock - indexedBlock' })
  lagBlocks: number | null;

  @Field(() => ChainStatusEnum)
  status: ChainStatusEnum;

  @Field(() => String, { nullable: true, description: 'Why the chain is degraded or stopped' })
  statusDetail: string | null;

  @Field(() => Int, { description: 'Blocks after which a block is treated as final' })
  finalityDepth: number;

  @Field(() => Float, { nullable: true, description: 'Median RPC latency (ms) over the last ~200 calls of the leading worker' })
  rpcLatencyMs: number | null;

  @Field(() => Float, { nullable: true, description: 'Share of failed RPC calls (0-1) over the last ~200 calls' })
  rpcErrorRate: number | null;

  @Field(() => DateTimeScalar, { description: 'When the indexer last changed this record' })
  updatedAt: Date;
}

/** Maps a stored chain to its GraphQL shape. */
export function toChain(entity: ChainEntity): Chain {
  const lag = entity.headBlock !== null && entity.indexedBlock !== null ? Math.max(0, entity.headBlock - entity.indexedBlock) : null;
  return {
    chainId: entity.chainId,
    name: entity.name,
    headBlock: entity.headBlock,
    indexedBlock: entity.indexedBlock,
    lagBlocks: lag,
    status: entity.status as ChainStatusEnum,
    statusDetail: entity.statusDetail,
    finalityDepth: entity.finalityDepth,
    rpcLatencyMs: entity.rpcLatencyMs,
    rpcErrorRate: entity.rpcErrorRate,
    updatedAt: entity.updatedAt,
  };
}
