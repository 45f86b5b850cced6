export { createClient, type ClientOptions, type OnChainClient, type RetryOptions, type VariablesArg } from './createClient.js';
export type { OnChainSubscription } from './createEventQueue.js';
export { OnChainError, type ClientErrorCode, type GraphQLErrorLike, type OnChainErrorCode, type ServerErrorCode } from './onChainError.js';
export type { FetchLike } from './postOperation.js';
export * from './generated/graphql.js';
