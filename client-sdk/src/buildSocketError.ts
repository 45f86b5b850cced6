import { buildOnChainError, toGraphQLErrors } from './buildOnChainError.js';
import { OnChainError } from './onChainError.js';

/** graphql-ws close codes that carry an access decision (4429: the tier's connection limit is reached). */
const CLOSE_CODE_ERRORS: Readonly<Record<number, string>> = { 4401: 'UNAUTHENTICATED', 4403: 'FORBIDDEN', 4429: 'RATE_LIMITED' };
/** The server writes refusals as `CODE: message` (e.g. `UNAUTHENTICATED: Unknown API key`). */
const CODED_REASON = /^([A-Z][A-Z_]+): (.+)$/s;

function isCloseEvent(value: unknown): value is { code: number; reason?: string } {
  return typeof value === 'object' && value !== null && typeof (value as { code?: unknown }).code === 'number';
}

/** A close reason may be `CODE: message` or a JSON GraphQL error (`{ message, extensions }`); anything else is plain text. */
function parseReason(reason: string): { message: string; extensions: Record<string, unknown> } | undefined {
  const coded = CODED_REASON.exec(reason);
  if (coded) return { message: coded[2]!, extensions: { code: coded[1]! } };
  if (!reason.startsWith('{')) return undefined;
  try {
    const [error] = toGraphQLErrors([JSON.parse(reason)]);
    return error?.extensions && typeof error.extensions.code === 'string' ? { message: error.message, extensions: error.extensions } : undefined;
  } catch {
    return undefined;
  }
}

/** Maps what a graphql-ws sink reports (GraphQL errors, a CloseEvent, an Error or an error Event) to an OnChainError. */
export function buildSocketError(reported: unknown): OnChainError {
  if (reported instanceof OnChainError) return reported;
  if (Array.isArray(reported)) return buildOnChainError(toGraphQLErrors(reported));
  if (isCloseEvent(reported)) {
    const reason = typeof reported.reason === 'string' ? reported.reason : '';
    const extensions = { closeCode: reported.code, closeReason: reason };
    const parsed = parseReason(reason);
    if (parsed) return new OnChainError({ code: parsed.extensions.code as string, message: parsed.message, extensions: { ...extensions, ...parsed.extensions } });
    const authCode = CLOSE_CODE_ERRORS[reported.code];
    const message = `WebSocket closed with ${reported.code}${reason ? `: ${reason}` : ''}`;
    return new OnChainError({ code: authCode ?? 'NETWORK_ERROR', message, extensions: authCode ? { ...extensions, code: authCode } : extensions });
  }
  if (reported instanceof Error) return new OnChainError({ code: 'NETWORK_ERROR', message: `WebSocket failed: ${reported.message}`, cause: reported });
  const message = (reported as { message?: unknown } | null)?.message;
  return new OnChainError({ code: 'NETWORK_ERROR', message: `WebSocket failed${typeof message === 'string' && message ? `: ${message}` : ''}`, cause: reported });
}
