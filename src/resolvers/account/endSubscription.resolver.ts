import { Arg, Ctx, ID, Mutation, Resolver } from 'type-graphql';
import { unauthenticated } from '../../auth/authErrors.js';
import { badUserInput, notFound } from '../../errors/apiErrors.js';
import type { GraphQLContext } from '../context.js';
import { usageServiceOf } from './meUsage.resolver.js';

const MAX_ID_LENGTH = 64;

@Resolver()
export class EndSubscriptionResolver {
  @Mutation(() => Boolean, {
    description:
      "Ends one of your account's live subscriptions (an id from me.subscriptions, opened with any of its keys), on whichever " +
      'API process holds it; its client receives complete. NOT_FOUND when your account has no live subscription with that id; ' +
      'SERVICE_UNAVAILABLE while the registry does not answer. Needs an API key.',
  })
  async endSubscription(@Arg('id', () => ID) id: string, @Ctx() ctx: GraphQLContext): Promise<boolean> {
    if (!ctx.principal.keyId) throw unauthenticated('endSubscription needs an API key (x-api-key or Authorization: Bearer)');
    if (id.length === 0 || id.length > MAX_ID_LENGTH) throw badUserInput(`id must be 1 to ${MAX_ID_LENGTH} characters`, 'id');
    if (!(await usageServiceOf(ctx).endSubscription(ctx.principal, id))) throw notFound('subscription', id);
    return true;
  }
}
