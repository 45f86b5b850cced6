import { Field, Float, Int, ObjectType, UseMiddleware } from 'type-graphql';
import { NotPerBlock } from '../common/notPerBlock.js';
import { buildConnectionType } from '../common/connection.js';
import { DateTimeScalar } from '../scalars/dateTime.scalar.js';
import type { BlockPoint } from '../common/resolveBlockPoint.js';

/** Protocol identity (slug, name, category). */
@ObjectType({ description: 'What a protocol is (no numbers): enough for a pool to say where it belongs' })
export class ProtocolInfo {
  @Field({ description: "DefiLlama's slug, e.g. uniswap-v2" })
  slug: string;

  @Field()
  name: string;

  @Field({ description: "DefiLlama's category, e.g. Dexes, Lending" })
  category: string;
}

/** A protocol with totals over its chains (GraphQL type). */
@ObjectType({ description: 'A protocol with its totals over every indexed chain' })
export class Protocol extends ProtocolInfo {
  @Field(() => [String], { description: 'Names of the chains it is on' })
  chains: string[];

  @Field(() => Float, { description: 'Sum of its pools (and supplied minus borrowed of lending reserves), USD' })
  tvlUsd: number;

  @Field(() => Float, { description: 'Lending only: outstanding borrows, never inside tvlUsd' })
  borrowedUsd: number;

  @Field(() => Float)
  @UseMiddleware(NotPerBlock)
  volumeUsd24h: number;

  @Field(() => Float)
  @UseMiddleware(NotPerBlock)
  feesUsd24h: number;

  @Field(() => Float, { description: 'Swap volume of the last 7 days, USD' })
  @UseMiddleware(NotPerBlock)
  volumeUsd7d: number;

  @Field(() => Float, { description: 'Swap volume of the last 30 days, USD' })
  @UseMiddleware(NotPerBlock)
  volumeUsd30d: number;

  @Field(() => Float)
  @UseMiddleware(NotPerBlock)
  feesUsd7d: number;

  @Field(() => Float)
  @UseMiddleware(NotPerBlock)
  feesUsd30d: number;

  /** Set on point-in-time reads (not a GraphQL field). */
  atBlock?: BlockPoint;
}

/** Relay connection of protocols. */
export const ProtocolConnection = buildConnectionType(Protocol, 'Protocol');


/** One bucket of `tvlHistory`. */
@ObjectType({ description: 'One bucket of a TVL series: the last snapshot in the bucket (gaps carry the previous value)' })
export class TvlPoint {
  @Field(() => DateTimeScalar, { description: 'Bucket start (UTC-aligned)' })
  timestamp: Date;

  @Field(() => Float)
  tvlUsd: number;
}

/** Payload of `protocolTvlUpdated`. */
@ObjectType({ description: "A protocol's TVL on one chain changed" })
export class ProtocolTvlUpdate {
  @Field()
  slug: string;

  @Field(() => Int)
  chainId: number;

  @Field(() => Float)
  tvlUsd: number;

  @Field(() => Float)
  borrowedUsd: number;

  @Field(() => Int, { description: 'Indexed head the value was computed at' })
  blockNumber: number;
}

/** One bucket of `priceHistory`. */
@ObjectType({ description: 'One bucket of a price series: the last hourly snapshot in the bucket (gaps carry the previous value)' })
export class PricePoint {
  @Field(() => DateTimeScalar, { description: 'Bucket start (UTC-aligned)' })
  timestamp: Date;

  @Field(() => Float)
  priceUsd: number;
}
