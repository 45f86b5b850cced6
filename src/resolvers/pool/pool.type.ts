import { Field, Float, Int, ObjectType, UseMiddleware } from 'type-graphql';
import { NotPerBlock } from '../common/notPerBlock.js';
import type { PoolStatRow } from '../../datasources/db/repositories/marketRepository.js';
import { buildConnectionType } from '../common/connection.js';
import { AddressScalar } from '../scalars/address.scalar.js';
import { BigIntScalar } from '../scalars/bigint.scalar.js';
import type { BlockPoint } from '../common/resolveBlockPoint.js';

/** A pool with holdings, TVL and 24h volume (GraphQL type); tokens and protocol are field resolvers. */
@ObjectType({ description: 'A liquidity pool (Uniswap V2 pair or V3 pool) with its current holdings, TVL and 24h volume' })
export class Pool {
  @Field(() => Int)
  chainId: number;

  @Field(() => AddressScalar)
  address: string;

  /** Slug, resolved to `protocol` by a field resolver. */
  protocolSlug: string;
  token0Address: string;
  token1Address: string;

  @Field(() => BigIntScalar, { description: 'Raw token0 balance (V2: reserve of the last Sync; V3: net indexed transfers)' })
  reserve0: bigint;

  @Field(() => BigIntScalar, { description: 'Raw token1 balance' })
  reserve1: bigint;

  @Field(() => Float, { description: 'reserves x prices, USD; an unpriced token counts 0' })
  tvlUsd: number;

  @Field(() => Float, { description: 'Swap volume of the last 24h of chain time, USD' })
  @UseMiddleware(NotPerBlock)
  volumeUsd24h: number;

  @Field(() => Float, { description: 'volumeUsd24h x the pool fee' })
  @UseMiddleware(NotPerBlock)
  feesUsd24h: number;

  @Field(() => Float, { description: 'Swap volume of the last 7 days of chain time, USD' })
  @UseMiddleware(NotPerBlock)
  volumeUsd7d: number;

  @Field(() => Float, { description: 'Swap volume of the last 30 days of chain time, USD' })
  @UseMiddleware(NotPerBlock)
  volumeUsd30d: number;

  @Field(() => Float, { description: 'volumeUsd7d x the pool fee' })
  @UseMiddleware(NotPerBlock)
  feesUsd7d: number;

  @Field(() => Float, { description: 'volumeUsd30d x the pool fee' })
  @UseMiddleware(NotPerBlock)
  feesUsd30d: number;

  @Field(() => Int, { description: 'Block of the state the reserves come from' })
  blockNumber: number;

  /** Set on point-in-time reads (not a GraphQL field): nested tokens read at the same block. */
  atBlock?: BlockPoint;
}

/** Relay connection of pools. */
export const PoolConnection = buildConnectionType(Pool, 'Pool');

/** Maps a stored pool row to a Pool. */
export function toPool(row: PoolStatRow): Pool {
  return {
    chainId: row.chainId, address: row.address, protocolSlug: row.protocol, token0Address: row.token0, token1Address: row.token1,
    reserve0: row.reserve0, reserve1: row.reserve1, tvlUsd: row.tvlUsd, volumeUsd24h: row.volumeUsd24h, feesUsd24h: row.feesUsd24h, blockNumber: row.blockNumber,
    volumeUsd7d: row.volumeUsd7d, volumeUsd30d: row.volumeUsd30d, feesUsd7d: row.feesUsd7d, feesUsd30d: row.feesUsd30d,
  };
}
