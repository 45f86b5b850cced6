import { Field, InputType, Int } from 'type-graphql';
import { DateTimeScalar } from '../scalars/dateTime.scalar.js';

/** Point-in-time argument (The Graph's `block:`): exactly one of `number` or `timestamp`. */
@InputType({ description: 'Read the value as of a past block: give exactly one of number or timestamp' })
export class BlockFilter {
  @Field(() => Int, { nullable: true, description: 'Block number on the chain asked about' })
  number?: number | null;

  @Field(() => DateTimeScalar, { nullable: true, description: 'A time: the newest indexed block at or before it' })
  timestamp?: Date | null;
}
