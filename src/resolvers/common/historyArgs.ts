import { ArgsType, Field, registerEnumType } from 'type-graphql';
import { DateTimeScalar } from '../scalars/dateTime.scalar.js';

/** Bucket width of a history. */
export enum HistoryInterval {
  HOUR = 'hour',
  DAY = 'day',
}

registerEnumType(HistoryInterval, { name: 'HistoryInterval' });

/** `(interval, from, to)` of every history field (`tvlHistory`, `priceHistory`, `candles`, `chainTvlHistory`). */
@ArgsType()
export class HistoryArgs {
  @Field(() => HistoryInterval, { defaultValue: HistoryInterval.HOUR })
  interval!: HistoryInterval;

  @Field(() => DateTimeScalar)
  from!: Date;

  @Field(() => DateTimeScalar, { nullable: true, description: 'Default: now' })
  to?: Date | null;
}
