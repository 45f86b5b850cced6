import { Field, Float, ObjectType } from 'type-graphql';
import { DateTimeScalar } from '../scalars/dateTime.scalar.js';

/** One OHLC candle of a token's USD price. */
@ObjectType({ description: 'USD price candle of one hour or day (UTC-aligned), from the prices the market job computed in it' })
export class Candle {
  @Field(() => DateTimeScalar, { description: 'Bucket start (UTC-aligned)' })
  timestamp: Date;

  @Field(() => Float, { description: 'First price computed in the bucket' })
  open: number;

  @Field(() => Float)
  high: number;

  @Field(() => Float)
  low: number;

  @Field(() => Float, { description: 'Last price computed in the bucket' })
  close: number;
}
