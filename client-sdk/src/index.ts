export { createClient, type ClientOptions, type OnChainClient, type RetryOptions, type VariablesArg } from './createClient.js';
export { DEFAULT_MAX_BUFFERED_EVENTS, type OnChainSubscription } from './createEventQueue.js';
export { REORG_WINDOW_BLOCKS } from './createResumeTracker.js';
export { OnChainError, type ClientErrorCode, type GraphQLErrorLike, type OnChainErrorCode, type ServerErrorCode } from './onChainError.js';
export type { FetchLike } from './postOperation.js';
export * from './generated/graphql.js';
