import { Arg, Ctx, ID, Mutation, Query, Resolver } from 'type-graphql';
import { ApiKeyOperationError, createApiKeyService } from '../../auth/apiKeyService.js';
import { forbidden, unauthenticated } from '../../auth/authErrors.js';
import { badUserInput, notFound } from '../../errors/apiErrors.js';
import type { ApiKeyRecord } from '../../datasources/db/repositories/apiKeyRepository.js';
import type { GraphQLContext } from '../context.js';
import { ApiKeyInfo, CreatedApiKey, Me, toApiKeyInfo } from './me.type.js';

/** The caller's account id. @throws UNAUTHENTICATED for anonymous callers. */
function accountOf(ctx: GraphQLContext): string {
  if (!ctx.principal.accountId) throw unauthenticated('This needs an API key (x-api-key or Authorization: Bearer); anonymous callers have no keys');
  return ctx.principal.accountId;
}

/** A key of the caller's own account; another account's key answers NOT_FOUND exactly like a missing one. */
async function ownKey(ctx: GraphQLContext, id: string): Promise<ApiKeyRecord> {
  const accountId = accountOf(ctx);
  const record = await ctx.repos.apiKeys.findByIdOrPrefix(id);
  if (!record || record.accountId !== accountId) throw notFound('API key', id);
  return record;
}

async function guarded<T>(operation: () => Promise<T>): Promise<T> {
  try {
    return await operation();
  } catch (error) {
    if (!(error instanceof ApiKeyOperationError)) throw error;
    if (error.reason === 'too-many-keys') throw forbidden(error.message);
    throw badUserInput(error.message, error.reason === 'invalid-name' ? 'name' : 'id');
  }
}

@Resolver()
export class AccountResolver {
  @Query(() => Me, { description: 'The caller: tier, limits and the key in use (anonymous callers get the anonymous tier)' })
  async me(@Ctx() ctx: GraphQLContext): Promise<Me> {
    const { principal } = ctx;
    const record = principal.keyId ? await ctx.repos.apiKeys.findByPrefix(principal.keyPrefix!) : null;
    return { tier: principal.tier, limits: { ...principal.limits }, apiKey: record ? toApiKeyInfo(record) : null };
  }

  @Query(() => [ApiKeyInfo], { description: "The caller's account's keys, revoked ones included, oldest first. Needs a key." })
  async apiKeys(@Ctx() ctx: GraphQLContext): Promise<ApiKeyInfo[]> {
    return (await ctx.repos.apiKeys.listKeys(accountOf(ctx))).map(toApiKeyInfo);
  }

  @Mutation(() => CreatedApiKey, { description: "Creates a key in the caller's account at the account's tier; the key is in the answer only. Needs a key." })
  async createApiKey(@Arg('name') name: string, @Ctx() ctx: GraphQLContext): Promise<CreatedApiKey> {
    const accountId = accountOf(ctx);
    const account = await ctx.repos.apiKeys.getAccount(accountId);
    if (!account) throw unauthenticated('The account of this key no longer exists');
    const issued = await guarded(() => createApiKeyService(ctx.repos.apiKeys).issue(accountId, name, account.tier));
    return { key: issued.key, apiKey: toApiKeyInfo(issued.record) };
  }

  @Mutation(() => CreatedApiKey, { description: 'Replaces a key of your account (by id or prefix) with a new one of the same name and tier, and revokes the old one at once.' })
  async rotateApiKey(@Arg('id', () => ID) id: string, @Ctx() ctx: GraphQLContext): Promise<CreatedApiKey> {
    const old = await ownKey(ctx, id);
    const issued = await guarded(() => createApiKeyService(ctx.repos.apiKeys).rotate(old));
    return { key: issued.key, apiKey: toApiKeyInfo(issued.record) };
  }

  @Mutation(() => ApiKeyInfo, { description: 'Revokes a key of your account (by id or prefix); it stops working at once. Revoking twice is harmless.' })
  async revokeApiKey(@Arg('id', () => ID) id: string, @Ctx() ctx: GraphQLContext): Promise<ApiKeyInfo> {
    const key = await ownKey(ctx, id);
    return toApiKeyInfo(await createApiKeyService(ctx.repos.apiKeys).revoke(key));
  }
}
