import { describe, expect, it } from 'vitest';
import { OnChainError } from './onChainError.js';
import { postOperation, type FetchLike } from './postOperation.js';

/** A fetch that answers with a fixed response and records the request it got. */
function answering(status: number, body: string, headers: Record<string, string> = {}) {
  const requests: Parameters<FetchLike>[] = [];
  const fetchImpl: FetchLike = async (...args) => {
    requests.push(args);
    return { status, headers: { get: (name) => headers[name.toLowerCase()] ?? null }, text: async () => body };
  };
  return { fetchImpl, requests };
}

async function failureOf(promise: Promise<unknown>): Promise<OnChainError> {
  const error = await promise.then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(OnChainError);
  return error as OnChainError;
}

describe('postOperation()', () => {
  it('posts JSON with the api key and resolves with data', async () => {
    const { fetchImpl, requests } = answering(200, '{"data":{"chains":[]}}');
    const data = await postOperation(fetchImpl, 'http://api/graphql', { 'x-api-key': 'k' }, { query: '{ chains { chainId } }', variables: {} });
    expect(data).toEqual({ chains: [] });
    const [url, init] = requests[0]!;
    expect(url).toBe('http://api/graphql');
    expect(init.headers).toMatchObject({ 'content-type': 'application/json', 'x-api-key': 'k' });
    expect(JSON.parse(init.body)).toEqual({ query: '{ chains { chainId } }', variables: {} });
  });

  it('throws the first GraphQL error with its code, every error and the partial data', async () => {
    const body = { data: { a: 1, b: null }, errors: [{ message: 'no pool', path: ['b'], extensions: { code: 'NOT_FOUND' } }, { message: 'x' }] };
    const error = await failureOf(postOperation(answering(200, JSON.stringify(body)).fetchImpl, 'u', {}, { query: '{a b}' }));
    expect({ code: error.code, message: error.message, path: error.path, count: error.errors.length, data: error.data }).toEqual({
      code: 'NOT_FOUND', message: 'no pool', path: ['b'], count: 2, data: { a: 1, b: null },
    });
  });

  it('takes retryAfterSeconds from the Retry-After header of a 429 when the error lacks it', async () => {
    const body = JSON.stringify({ errors: [{ message: 'Too many requests', extensions: { code: 'RATE_LIMITED' } }] });
    const error = await failureOf(postOperation(answering(429, body, { 'retry-after': '12' }).fetchImpl, 'u', {}, { query: '{a}' }));
    expect({ code: error.code, status: error.status, retryAfterSeconds: error.retryAfterSeconds, retryable: error.retryable }).toEqual({
      code: 'RATE_LIMITED', status: 429, retryAfterSeconds: 12, retryable: true,
    });
  });

  it.each([
    ['an HTML error page', 502, '<html>Bad gateway</html>', 'BAD_RESPONSE'],
    ['JSON without data', 200, '{"hello":1}', 'BAD_RESPONSE'],
    ['a bare 429', 429, 'slow down', 'RATE_LIMITED'],
  ])('throws on %s', async (_name, status, body, code) => {
    const error = await failureOf(postOperation(answering(status, body).fetchImpl, 'u', {}, { query: '{a}' }));
    expect({ code: error.code, status: error.status }).toEqual({ code, status });
  });

  it('throws NETWORK_ERROR when the request itself fails', async () => {
    const refused: FetchLike = async () => {
      throw new TypeError('fetch failed');
    };
    const error = await failureOf(postOperation(refused, 'http://127.0.0.1:1/graphql', {}, { query: '{a}' }));
    expect({ code: error.code, message: error.message, retryable: error.retryable }).toEqual({
      code: 'NETWORK_ERROR', message: 'Request to http://127.0.0.1:1/graphql failed: fetch failed', retryable: true,
    });
  });
});
