import { buildOnChainError, toGraphQLErrors } from './buildOnChainError.js';
import { OnChainError } from './onChainError.js';

/** The part of `fetch` the SDK uses (the global one in browsers and Node >= 18, or any compatible function). */
export type FetchLike = (
  url: string,
  init: { method: 'POST'; headers: Record<string, string>; body: string },
) => Promise<{ status: number; headers: { get(name: string): string | null }; text(): Promise<string> }>;

export interface GraphQLRequest {
  query: string;
  operationName?: string;
  variables?: Record<string, unknown>;
}

const MAX_BODY_IN_MESSAGE = 200;

/**
 * POSTs one operation and returns its `data`.
 * @throws OnChainError: the server's code for GraphQL errors (all of them in `errors`, partial data in `data`),
 *   NETWORK_ERROR when the request fails, BAD_RESPONSE when the answer is not a GraphQL response.
 */
export async function postOperation(fetchImpl: FetchLike, url: string, headers: Record<string, string>, request: GraphQLRequest): Promise<unknown> {
  let status: number;
  let retryAfter: string | null;
  let text: string;
  try {
    const response = await fetchImpl(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json, application/json', ...headers },
      body: JSON.stringify(request),
    });
    status = response.status;
    retryAfter = response.headers.get('retry-after');
    text = await response.text();
  } catch (cause) {
    const detail = cause instanceof Error ? cause.message : String(cause);
    throw new OnChainError({ code: 'NETWORK_ERROR', message: `Request to ${url} failed: ${detail}`, cause });
  }
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    body = undefined;
  }
  const record = typeof body === 'object' && body !== null ? (body as { data?: unknown; errors?: unknown }) : undefined;
  const errors = toGraphQLErrors(record?.errors);
  if (errors.length > 0) throw buildOnChainError(errors, { status, retryAfter, data: record?.data ?? undefined });
  if (!record || typeof record.data !== 'object' || record.data === null || status >= 400) {
    const excerpt = text.length > MAX_BODY_IN_MESSAGE ? `${text.slice(0, MAX_BODY_IN_MESSAGE)}...` : text;
    const code = status === 429 ? 'RATE_LIMITED' : 'BAD_RESPONSE';
    const extensions = retryAfter && Number.isFinite(Number(retryAfter)) ? { retryAfterSeconds: Number(retryAfter) } : {};
    throw new OnChainError({ code, message: `Unexpected response from ${url} (HTTP ${status}): ${excerpt}`, status, extensions });
  }
  return record.data;
}
