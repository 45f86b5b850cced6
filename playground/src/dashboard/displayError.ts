/** An error as the dashboard shows it: the server's extensions.code (or a transport label) and its message. */
export interface DisplayError {
  code: string;
  message: string;
}

interface FormattedGraphqlError {
  message: string;
  extensions?: { code?: unknown; retryAfterSeconds?: unknown };
}

function isFormattedGraphqlError(value: unknown): value is FormattedGraphqlError {
  return typeof value === 'object' && value !== null && typeof (value as { message?: unknown }).message === 'string';
}

function isCloseEvent(value: unknown): value is { code: number; reason: string } {
  return typeof value === 'object' && value !== null && typeof (value as { code?: unknown }).code === 'number' && 'reason' in value;
}

/** The first GraphQL error of a response, with its code (retry hint appended for RATE_LIMITED). */
export function fromGraphqlErrors(errors: readonly unknown[]): DisplayError {
  const first = errors.find(isFormattedGraphqlError);
  if (!first) return { code: 'UNKNOWN', message: 'The server answered with an error it did not describe' };
  const code = typeof first.extensions?.code === 'string' ? first.extensions.code : 'GRAPHQL_ERROR';
  const retry = first.extensions?.retryAfterSeconds;
  return { code, message: typeof retry === 'number' ? `${first.message} (retry in ${retry} s)` : first.message };
}

/** Whatever a fetch, a GraphQL response or a graphql-ws sink threw, as something a person can read. */
export function toDisplayError(error: unknown): DisplayError {
  if (Array.isArray(error)) return fromGraphqlErrors(error);
  if (isCloseEvent(error)) {
    return { code: 'WEBSOCKET_CLOSED', message: `subscription connection closed (${error.code})${error.reason ? `: ${error.reason}` : ''}` };
  }
  if (error instanceof DisplayableError) return error.display;
  if (error instanceof Error) return { code: 'NETWORK_ERROR', message: error.message };
  if (typeof Event !== 'undefined' && error instanceof Event) return { code: 'NETWORK_ERROR', message: 'the subscription connection failed' };
  return { code: 'UNKNOWN', message: String(error) };
}

/** Thrown by the HTTP client so that callers keep the code. */
export class DisplayableError extends Error {
  constructor(readonly display: DisplayError) {
    super(`${display.code}: ${display.message}`);
    this.name = 'DisplayableError';
  }
}
