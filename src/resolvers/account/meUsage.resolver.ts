import { Arg, Ctx, FieldResolver, Resolver } from 'type-graphql';
import { ApiError } from '../../errors/apiErrors.js';
import { ErrorCode } from '../../errors/errorCode.js';
import type { UsageService } from '../../usage/createUsageMeter.js';
import { utcDayStartMs } from '../../usage/usageCounters.js';
import type { GraphQLContext } from '../context.js';
import { DateTimeScalar } from '../scalars/dateTime.scalar.js';
import { Me } from './me.type.js';
import { LiveSubscription, UsageDay } from './usage.type.js';
import { toUsageDays } from './usageRange.js';

/** GraphQL `Int` is 32-bit: a day's count saturates here instead of failing the whole answer. */
const GRAPHQL_INT_MAX = 2_147_483_647;

/** The usage service of this process. @throws ApiError SERVICE_UNAVAILABLE when it does not meter. */
export function usageServiceOf(ctx: GraphQLContext): UsageService {
  if (!ctx.usage) throw new ApiError(ErrorCode.SERVICE_UNAVAILABLE, 'Usage metering is not running on this server');
  return ctx.usage;
}

/** `me.usage` and `me.subscriptions`: the caller's own metering, never anyone else's. */
@Resolver(() => Me)
export class MeUsageResolver {
  @FieldResolver(() => [UsageDay], {
    description:
      'Usage per UTC day, every day of the range (zeros included), flushed and not yet flushed counts together. ' +
      'Per API key; anonymous callers see their client address. Default range: the last 30 days; at most 92 days. ' +
      'BAD_USER_INPUT when from is after to or the range is longer; SERVICE_UNAVAILABLE while the usage storage does not answer.',
  })
  async usage(
    @Arg('from', () => DateTimeScalar, { nullable: true }) from: Date | null,
    @Arg('to', () => DateTimeScalar, { nullable: true }) to: Date | null,
    @Ctx() ctx: GraphQLContext,
  ): Promise<UsageDay[]> {
    const days = toUsageDays(from, to, Date.now());
    const rows = await usageServiceOf(ctx).usage(ctx.principal, days);
    return rows.map((r) => ({
      day: new Date(utcDayStartMs(r.day)),
      requests: Math.min(r.requests, GRAPHQL_INT_MAX),
      costPoints: Math.min(r.costPoints, GRAPHQL_INT_MAX),
      bytesSent: r.bytesSent,
      subscriptionMinutes: r.subscriptionSeconds / 60,
    }));
  }

  @FieldResolver(() => [LiveSubscription], {
    description:
      "Your account's open subscriptions on every API process, whichever of its keys opened them (also keys rotated since), " +
      'oldest first (empty for anonymous callers). SERVICE_UNAVAILABLE while the registry does not answer.',
  })
  async subscriptions(@Ctx() ctx: GraphQLContext): Promise<LiveSubscription[]> {
    const records = await usageServiceOf(ctx).subscriptions(ctx.principal);
    return records.map((r) => ({ id: r.id, operationName: r.operationName, startedAt: new Date(r.startedAtMs), connectionId: r.connectionId }));
  }
}
