import { describe, expect, it } from 'vitest';
import { isLogRangeTooLargeError, suggestedRangeSize } from '../../src/datasources/chain/logRange.js';
import { getLogsRange, parseRpcBody, tooManyResultsError } from './faultProxyRpc.js';

describe('parseRpcBody()', () => {
  it.each([
    ['a call', '{"jsonrpc":"2.0","id":1,"method":"eth_chainId"}', { batch: false, count: 1 }],
    ['a batch', '[{"id":1,"method":"a"},{"id":2,"method":"b"}]', { batch: true, count: 2 }],
    ['broken JSON', '{"id":1', undefined],
    ['an empty batch', '[]', undefined],
    ['a batch of numbers', '[1,2]', undefined],
    ['a string', '"eth_chainId"', undefined],
  ])('reads %s', (_case, text, expected) => {
    const body = parseRpcBody(text);
    expect(body && { batch: body.batch, count: body.calls.length }).toEqual(expected);
  });
});

describe('tooManyResultsError()', () => {
  it.each(['infura', 'alchemy'] as const)('in %s style is recognized by the indexer, with the suggested range', (style) => {
    const error = new Error(tooManyResultsError(style, 0x10n, 500).message);
    expect(isLogRangeTooLargeError(error)).toBe(true);
    expect(suggestedRangeSize(error)).toBe(500);
    expect(error.message).toContain('[0x10, 0x203]');
  });

  it('uses the codes of each provider', () => {
    expect(tooManyResultsError('infura', 0n, 10).code).toBe(-32005);
    expect(tooManyResultsError('alchemy', 0n, 10).code).toBe(-32602);
  });
});

describe('getLogsRange()', () => {
  const head = async () => 100n;
  const logsCall = (filter: unknown) => ({ jsonrpc: '2.0', id: 1, method: 'eth_getLogs', params: [filter] });
  it.each([
    ['hex bounds', { fromBlock: '0xa', toBlock: '0x14' }, { fromBlock: 10n, toBlock: 20n }],
    ['earliest to latest', { fromBlock: 'earliest', toBlock: 'latest' }, { fromBlock: 0n, toBlock: 100n }],
    ['missing bounds (latest)', {}, { fromBlock: 100n, toBlock: 100n }],
    ['a safe/finalized tag', { fromBlock: '0x0', toBlock: 'finalized' }, { fromBlock: 0n, toBlock: 100n }],
    ['a blockHash filter', { blockHash: `0x${'00'.repeat(32)}` }, undefined],
    ['an unknown tag', { fromBlock: 'yesterday' }, undefined],
    ['no filter', undefined, undefined],
  ])('resolves %s', async (_case, filter, expected) => {
    expect(await getLogsRange(logsCall(filter), head)).toEqual(expected);
  });
});
