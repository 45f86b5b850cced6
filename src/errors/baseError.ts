/** Parameters every project error accepts. */
export interface BaseErrorParameters {
  /** Extra detail for logs and, where safe, for the client. */
  details?: string;
  /** The underlying error. */
  cause?: unknown;
  /** Whether retrying the same operation may succeed (network faults, timeouts). Default false. */
  retryable?: boolean;
}

/**
 * The root of every error this codebase throws on purpose.
 * `shortMessage` is the human sentence; `message` adds details.
 */
export class BaseError extends Error {
  override name = 'BaseError';
  readonly shortMessage: string;
  readonly details: string | undefined;
  readonly retryable: boolean;

  constructor(shortMessage: string, params: BaseErrorParameters = {}) {
    const message = params.details ? `${shortMessage}\n\nDetails: ${params.details}` : shortMessage;
    super(message, params.cause === undefined ? undefined : { cause: params.cause });
    this.shortMessage = shortMessage;
    this.details = params.details;
    this.retryable = params.retryable ?? false;
  }
}

/** Strips user:password and query-string secrets from a URL so it can appear in logs and messages. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.username || parsed.password) {
      parsed.username = parsed.username ? '***' : '';
      parsed.password = parsed.password ? '***' : '';
    }
    for (const key of [...parsed.searchParams.keys()]) parsed.searchParams.set(key, '***');
    // Path segments longer than 20 chars are usually API keys (Infura, Alchemy).
    parsed.pathname = parsed.pathname.replace(/\/[A-Za-z0-9_-]{20,}/g, '/***');
    return parsed.toString();
  } catch {
    return '<unparseable url>';
  }
}
