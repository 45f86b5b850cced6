import { Field, Float, ObjectType } from 'type-graphql';

/** Totals of every protocol on every indexed chain. */
@ObjectType({ description: 'The whole indexed market: sums over every protocol on every chain' })
export class MarketOverview {
  @Field(() => Float)
  tvlUsd: number;

  @Field(() => Float, { description: 'Lending borrows, never inside tvlUsd' })
  borrowedUsd: number;

  @Field(() => Float)
  volumeUsd24h: number;

  @Field(() => Float)
  volumeUsd7d: number;

  @Field(() => Float)
  feesUsd24h: number;

  @Field(() => Float, { nullable: true, description: 'TVL change over 24h in percent (hourly snapshots of every chain); null without a snapshot a day old' })
  change1d: number | null;
}
