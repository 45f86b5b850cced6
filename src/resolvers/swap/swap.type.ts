import { Field, Float, Int, ObjectType } from 'type-graphql';
import { AddressScalar } from '../scalars/address.scalar.js';
import { BigIntScalar } from '../scalars/bigint.scalar.js';
import { DateTimeScalar } from '../scalars/dateTime.scalar.js';

@ObjectType({ description: 'A Uniswap V2 or V3 swap, in log order; `removed: true` retracts one delivered earlier whose block was reorged out' })
export class PoolSwap {
  @Field(() => Int)
  chainId: number;

  @Field(() => AddressScalar)
  pool: string;

  @Field({ description: 'Protocol slug: uniswap-v2 or uniswap-v3' })
  protocol: string;

  @Field(() => Int)
  blockNumber: number;

  @Field({ description: '0x-prefixed, lowercase' })
  blockHash: string;

  @Field({ description: '0x-prefixed, lowercase' })
  transactionHash: string;

  @Field(() => Int)
  logIndex: number;

  @Field(() => DateTimeScalar, { description: 'Block timestamp (second precision)' })
  timestamp: Date;

  @Field(() => AddressScalar)
  sender: string;

  @Field(() => AddressScalar, { description: "V2's `to`, V3's `recipient`" })
  recipient: string;

  @Field(() => BigIntScalar, { description: 'Token0 base units from the pool side: positive = paid into the pool, negative = paid out' })
  amount0: bigint;

  @Field(() => BigIntScalar, { description: 'Token1 base units from the pool side: positive = paid into the pool, negative = paid out' })
  amount1: bigint;

  @Field(() => Float, { nullable: true, description: 'USD at current token prices (mean of both sides when both are priced); null when neither token is priced' })
  amountUsd: number | null;

  @Field({ description: 'True when this retracts a swap delivered earlier whose block is no longer canonical' })
  removed: boolean;
}
