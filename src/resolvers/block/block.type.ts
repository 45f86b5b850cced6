import { Field, Int, ObjectType } from 'type-graphql';
import type { BlockRecord } from '../../datasources/types/blockRecord.js';
import { buildConnectionType } from '../common/connection.js';
import { AddressScalar } from '../scalars/address.scalar.js';
import { BigIntScalar } from '../scalars/bigint.scalar.js';
import { DateTimeScalar } from '../scalars/dateTime.scalar.js';

@ObjectType({ description: 'A block header as indexed' })
export class Block {
  @Field(() => Int)
  chainId: number;

  @Field(() => Int)
  number: number;

  @Field({ description: '0x-prefixed, lowercase' })
  hash: string;

  @Field({ description: '0x-prefixed, lowercase' })
  parentHash: string;

  @Field(() => DateTimeScalar, { description: 'Block timestamp (second precision)' })
  timestamp: Date;

  @Field(() => Int)
  transactionCount: number;

  @Field(() => AddressScalar, { description: 'Fee recipient (checksummed)' })
  miner: string;

  @Field(() => BigIntScalar)
  gasUsed: bigint;

  @Field(() => BigIntScalar, { nullable: true, description: 'Wei; null before EIP-1559' })
  baseFeePerGas: bigint | null;
}

export const BlockConnection = buildConnectionType(Block, 'Block');


/** Maps a stored block or a block event to its GraphQL shape. */
export function toBlock(source: BlockRecord): Block {
  return {
    chainId: source.chainId,
    number: source.number,
    hash: source.hash,
    parentHash: source.parentHash,
    timestamp: new Date(source.timestampSec * 1000),
    transactionCount: source.transactionCount,
    miner: source.miner,
    gasUsed: source.gasUsed,
    baseFeePerGas: source.baseFeePerGas,
  };
}
