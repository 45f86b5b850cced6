import { OnChainError, type GraphQLErrorLike } from './onChainError.js';

/** What came with the GraphQL errors of a response. */
export interface ResponseContext {
  status?: number;
  /** The HTTP Retry-After header, when there was one. */
  retryAfter?: string | null;
  data?: unknown;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Keeps only well-formed errors (a hostile or broken server must not crash the SDK). */
export function toGraphQLErrors(value: unknown): GraphQLErrorLike[] {
  if (!Array.isArray(value)) return [];
  return value.filter(isRecord).map((e) => ({
    message: typeof e.message === 'string' ? e.message : 'Unknown error',
    ...(Array.isArray(e.path) ? { path: e.path as (string | number)[] } : {}),
    ...(isRecord(e.extensions) ? { extensions: e.extensions } : {}),
  }));
}

/** An OnChainError for the first GraphQL error of a response; all of them stay in `errors`. */
export function buildOnChainError(errors: readonly GraphQLErrorLike[], context: ResponseContext = {}): OnChainError {
  const first = errors[0] ?? { message: 'The server answered with an empty error list' };
  const extensions: Record<string, unknown> = { ...first.extensions };
  const retryAfterHeader = Number(context.retryAfter);
  if (extensions.retryAfterSeconds === undefined && context.retryAfter && Number.isFinite(retryAfterHeader)) {
    extensions.retryAfterSeconds = retryAfterHeader;
  }
  const code = typeof extensions.code === 'string' ? extensions.code : context.status === 429 ? 'RATE_LIMITED' : 'INTERNAL_SERVER_ERROR';
  return new OnChainError({ code, message: first.message, extensions, status: context.status, path: first.path, errors, data: context.data });
}
