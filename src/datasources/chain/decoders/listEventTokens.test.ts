import { describe, expect, it } from 'vitest';
import { listEventTokens } from './listEventTokens.js';
import type { DecodedEvent, LogPosition } from './types.js';

const position: LogPosition = { chainId: 1, blockNumber: 1, blockHash: '0x', txHash: '0x', logIndex: 0, address: '0xemitter' };

describe('listEventTokens()', () => {
  const cases: [DecodedEvent, string[]][] = [
    [{ ...position, kind: 'erc20Transfer', from: '0xa', to: '0xb', value: 1n }, ['0xemitter']],
    [{ ...position, kind: 'uniswapV2PairCreated', token0: '0x0', token1: '0x1', pair: '0xp', pairCount: 1n }, ['0x0', '0x1', '0xp']],
    [{ ...position, kind: 'uniswapV3PoolCreated', token0: '0x0', token1: '0x1', fee: 500, tickSpacing: 10, pool: '0xp' }, ['0x0', '0x1']],
    [{ ...position, kind: 'aaveV3Withdraw', reserve: '0xr', user: '0xu', to: '0xu', amount: 1n }, ['0xr']],
    [
      { ...position, kind: 'aaveV3LiquidationCall', collateralAsset: '0xc', debtAsset: '0xd', user: '0xu', debtToCover: 1n, liquidatedCollateralAmount: 1n, liquidator: '0xl', receiveAToken: false },
      ['0xc', '0xd'],
    ],
    [{ ...position, kind: 'uniswapV2Sync', reserve0: 1n, reserve1: 2n }, []],
  ];
  it.each(cases.map(([event, tokens]) => [event.kind, event, tokens] as const))('lists the tokens of %s', (_kind, event, tokens) => {
    expect(listEventTokens(event)).toEqual(tokens);
  });

  it('throws on a kind the union does not know (data lying about its type)', () => {
    expect(() => listEventTokens({ ...position, kind: 'nope' } as unknown as DecodedEvent)).toThrow(/Unexpected event kind/);
  });
});
