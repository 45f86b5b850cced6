import { describe, expect, it } from 'vitest';
import { buildSocketError } from './buildSocketError.js';
import { OnChainError } from './onChainError.js';

describe('buildSocketError()', () => {
  it.each([
    ['GraphQL errors of a subscription', [{ message: 'Unknown chain 5', extensions: { code: 'NOT_FOUND' } }], 'NOT_FOUND', 'Unknown chain 5'],
    ['a rate limit with its delay', [{ message: 'slow down', extensions: { code: 'RATE_LIMITED', retryAfterSeconds: 7 } }], 'RATE_LIMITED', 'slow down'],
    ['a forbidden close', { code: 4403, reason: 'Forbidden' }, 'FORBIDDEN', 'WebSocket closed with 4403: Forbidden'],
    ['a refused key', { code: 4403, reason: 'UNAUTHENTICATED: Unknown API key' }, 'UNAUTHENTICATED', 'Unknown API key'],
    ['the connection limit', { code: 4429, reason: 'Too many connections: tier anonymous allows 25' }, 'RATE_LIMITED', 'WebSocket closed with 4429: Too many connections: tier anonymous allows 25'],
    ['an unauthorized close', { code: 4401, reason: 'Unauthorized' }, 'UNAUTHENTICATED', 'WebSocket closed with 4401: Unauthorized'],
    ['a close whose reason is a GraphQL error', { code: 4500, reason: '{"message":"bad key","extensions":{"code":"UNAUTHENTICATED"}}' }, 'UNAUTHENTICATED', 'bad key'],
    ['an abnormal close', { code: 1006, reason: '' }, 'NETWORK_ERROR', 'WebSocket closed with 1006'],
    ['a refused connection', new Error('connect ECONNREFUSED 127.0.0.1:1'), 'NETWORK_ERROR', 'WebSocket failed: connect ECONNREFUSED 127.0.0.1:1'],
    ['an error event', { type: 'error', message: 'socket hang up' }, 'NETWORK_ERROR', 'WebSocket failed: socket hang up'],
    ['anything else', undefined, 'NETWORK_ERROR', 'WebSocket failed'],
  ])('maps %s', (_name, reported, code, message) => {
    const error = buildSocketError(reported);
    expect(error).toBeInstanceOf(OnChainError);
    expect({ code: error.code, message: error.message }).toEqual({ code, message });
  });

  it('carries the extra extensions of the server error', () => {
    const error = buildSocketError([{ message: 'too complex', extensions: { code: 'QUERY_TOO_COMPLEX', cost: 5200, limit: 5000 } }]);
    expect({ cost: error.cost, limit: error.limit, retryable: error.retryable }).toEqual({ cost: 5200, limit: 5000, retryable: false });
    expect(buildSocketError({ code: 1006, reason: '' }).extensions).toEqual({ closeCode: 1006, closeReason: '' });
  });
});
