import { Field, ID, Int, ObjectType } from 'type-graphql';
import type { TierLimits } from '../../auth/tiers.js';
import type { ApiKeyRecord } from '../../datasources/db/repositories/apiKeyRepository.js';
import { DateTimeScalar } from '../scalars/dateTime.scalar.js';

@ObjectType('TierLimits', { description: 'What a tier may do (docs/api-keys.md)' })
export class TierLimitsType implements TierLimits {
  @Field(() => Int, { description: 'Operations per minute, per account (per client address when anonymous)' })
  requestsPerMinute: number;

  @Field(() => Int, { description: 'Largest estimated cost of one operation' })
  maxQueryCost: number;

  @Field(() => Int, { description: 'Deepest field nesting of one operation' })
  maxDepth: number;

  @Field(() => Int, { description: 'Most aliased fields in one operation' })
  maxAliases: number;

  @Field(() => Int, { description: 'Concurrent WebSocket connections per key (per client address when anonymous)' })
  maxWsConnections: number;

  @Field(() => Int, { description: 'Concurrent subscriptions per WebSocket connection' })
  maxSubscriptionsPerConnection: number;

  @Field(() => Int, { description: 'How far back history queries may reach, in days' })
  historyDays: number;
}

@ObjectType({ description: 'An API key as stored: never the secret, only its public prefix' })
export class ApiKeyInfo {
  @Field(() => ID)
  id: string;

  @Field()
  name: string;

  @Field({ description: 'The public part of the key (`ocs_<prefix>_...`)' })
  prefix: string;

  @Field()
  tier: string;

  @Field(() => DateTimeScalar)
  createdAt: Date;

  @Field(() => DateTimeScalar, { nullable: true, description: 'Last authenticated use (updated at most once a minute)' })
  lastUsedAt: Date | null;

  @Field(() => DateTimeScalar, { nullable: true })
  revokedAt: Date | null;
}

@ObjectType({ description: 'A key just created: `key` is shown this once and cannot be read again' })
export class CreatedApiKey {
  @Field({ description: 'The whole key; send it as `x-api-key` or `Authorization: Bearer`' })
  key: string;

  @Field(() => ApiKeyInfo)
  apiKey: ApiKeyInfo;
}

@ObjectType({ description: 'The caller: its tier, limits and key (null when anonymous)' })
export class Me {
  @Field({ description: 'anonymous, free, pro or enterprise' })
  tier: string;

  @Field(() => TierLimitsType)
  limits: TierLimitsType;

  @Field(() => ApiKeyInfo, { nullable: true, description: 'The key this request authenticated with; null when anonymous' })
  apiKey: ApiKeyInfo | null;
}

/** Maps a stored key to its GraphQL shape (without the hash). */
export function toApiKeyInfo(record: ApiKeyRecord): ApiKeyInfo {
  return {
    id: record.id,
    name: record.name,
    prefix: record.prefix,
    tier: record.tier,
    createdAt: record.createdAt,
    lastUsedAt: record.lastUsedAt,
    revokedAt: record.revokedAt,
  };
}
