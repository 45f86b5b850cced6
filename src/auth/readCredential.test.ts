import { describe, expect, it } from 'vitest';
import { normalizeClientAddress, readConnectionParamsCredential, readHttpCredential } from './readCredential.js';

describe('readHttpCredential()', () => {
  it.each([
    [{}, { kind: 'none' }],
    [{ 'x-api-key': 'ocs_k' }, { kind: 'key', key: 'ocs_k' }],
    [{ authorization: 'Bearer ocs_k' }, { kind: 'key', key: 'ocs_k' }],
    [{ authorization: 'bearer  ocs_k ' }, { kind: 'key', key: 'ocs_k' }],
    [{ authorization: 'Basic dXNlcjpwYXNz' }, { kind: 'key', key: 'Basic dXNlcjpwYXNz' }],
    [{ 'x-api-key': '' }, { kind: 'key', key: '' }],
    [{ 'x-api-key': 'ocs_a', authorization: 'Bearer ocs_b' }, { kind: 'key', key: 'ocs_a' }],
  ])('reads %j', (headers, credential) => {
    expect(readHttpCredential(headers)).toEqual(credential);
  });
});

describe('readConnectionParamsCredential()', () => {
  it.each([
    [undefined, { kind: 'none' }],
    [{}, { kind: 'none' }],
    [{ apiKey: null }, { kind: 'none' }],
    [{ apiKey: 'ocs_k' }, { kind: 'key', key: 'ocs_k' }],
    [{ apiKey: 42 }, { kind: 'key', key: '' }],
  ])('reads %j', (params, credential) => {
    expect(readConnectionParamsCredential(params)).toEqual(credential);
  });
});

it('normalizeClientAddress() unwraps IPv4-mapped IPv6', () => {
  expect(normalizeClientAddress('::ffff:127.0.0.1')).toBe('127.0.0.1');
  expect(normalizeClientAddress('::1')).toBe('::1');
  expect(normalizeClientAddress(undefined)).toBe('unknown');
});
