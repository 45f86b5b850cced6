import { Field, Float, ID, Int, ObjectType } from 'type-graphql';
import { DateTimeScalar } from '../scalars/dateTime.scalar.js';

@ObjectType({ description: 'API usage of one UTC day (flushed and not yet flushed counts together)' })
export class UsageDay {
  @Field(() => DateTimeScalar, { description: 'Start of the UTC day' })
  day: Date;

  @Field(() => Int, { description: 'GraphQL operations (HTTP requests and graphql-ws subscribe messages); saturates at 2^31-1' })
  requests: number;

  @Field(() => Int, { description: 'Estimated cost points of those operations; saturates at 2^31-1' })
  costPoints: number;

  @Field(() => Float, { description: 'Bytes of HTTP response bodies and WebSocket messages sent' })
  bytesSent: number;

  @Field(() => Float, { description: 'Minutes subscriptions were open, counted while they are open' })
  subscriptionMinutes: number;
}

@ObjectType({ description: 'A subscription open on some API process' })
export class LiveSubscription {
  @Field(() => ID, { description: 'Opaque id; pass it to endSubscription' })
  id: string;

  @Field(() => String, { nullable: true })
  operationName: string | null;

  @Field(() => DateTimeScalar)
  startedAt: Date;

  @Field(() => String, { description: 'The WebSocket connection that carries it' })
  connectionId: string;
}
