/** Codes the API puts in `extensions.code` (the server's public error contract). */
export type ServerErrorCode =
  | 'BAD_USER_INPUT'
  | 'GRAPHQL_PARSE_FAILED'
  | 'GRAPHQL_VALIDATION_FAILED'
  | 'NOT_FOUND'
  | 'UNAUTHENTICATED'
  | 'FORBIDDEN'
  | 'RATE_LIMITED'
  | 'QUERY_TOO_COMPLEX'
  | 'SERVICE_UNAVAILABLE'
  | 'INTERNAL_SERVER_ERROR';

/**
 * Codes the SDK itself raises: `NETWORK_ERROR` (the request or the WebSocket failed, after the retries for a
 * WebSocket), `BAD_RESPONSE` (the answer was not a GraphQL response), `WEBSOCKET_UNAVAILABLE` (no WebSocket
 * implementation: pass `webSocketImpl`), `SLOW_CONSUMER` (a subscription's consumer left more than
 * `maxBufferedEvents` events unread: the subscription was stopped).
 */
export type ClientErrorCode = 'NETWORK_ERROR' | 'BAD_RESPONSE' | 'WEBSOCKET_UNAVAILABLE' | 'SLOW_CONSUMER';

/** Any code; unknown server codes pass through unchanged. */
export type OnChainErrorCode = ServerErrorCode | ClientErrorCode | (string & Record<never, never>);

/** A GraphQL error as it travels in a response. */
export interface GraphQLErrorLike {
  message: string;
  path?: readonly (string | number)[];
  extensions?: Record<string, unknown>;
}

export interface OnChainErrorInit {
  code: OnChainErrorCode;
  message: string;
  /** The error's `extensions` (for SDK errors: the details it knows, e.g. `closeCode`). */
  extensions?: Record<string, unknown>;
  /** HTTP status, when the error came over HTTP. */
  status?: number;
  path?: readonly (string | number)[];
  /** Every error of the response (the first one is this error). */
  errors?: readonly GraphQLErrorLike[];
  /** Partial data that came with the errors, if any. */
  data?: unknown;
  cause?: unknown;
}

const RETRYABLE_CODES: ReadonlySet<string> = new Set(['NETWORK_ERROR', 'RATE_LIMITED', 'SERVICE_UNAVAILABLE']);

function numberOrUndefined(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

/** The one error the SDK throws, for HTTP and WebSocket alike. */
export class OnChainError extends Error {
  override readonly name = 'OnChainError';
  readonly code: OnChainErrorCode;
  readonly extensions: Readonly<Record<string, unknown>>;
  /** RATE_LIMITED: seconds to wait before trying again. */
  readonly retryAfterSeconds: number | undefined;
  /** QUERY_TOO_COMPLEX: the cost of the rejected operation. */
  readonly cost: number | undefined;
  /** QUERY_TOO_COMPLEX: the largest cost the tier allows. */
  readonly limit: number | undefined;
  readonly status: number | undefined;
  readonly path: readonly (string | number)[] | undefined;
  readonly errors: readonly GraphQLErrorLike[];
  readonly data: unknown;

  constructor(init: OnChainErrorInit) {
    super(init.message, init.cause === undefined ? undefined : { cause: init.cause });
    const extensions = init.extensions ?? {};
    this.code = init.code;
    this.extensions = extensions;
    this.retryAfterSeconds = numberOrUndefined(extensions.retryAfterSeconds);
    this.cost = numberOrUndefined(extensions.cost);
    this.limit = numberOrUndefined(extensions.limit);
    this.status = init.status;
    this.path = init.path;
    this.errors = init.errors ?? [];
    this.data = init.data;
  }

  /** True when the same request may succeed later (network failures, rate limits, an unavailable service). */
  get retryable(): boolean {
    return RETRYABLE_CODES.has(this.code);
  }
}
