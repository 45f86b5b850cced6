import { describe, expect, it } from 'vitest';
import { encodeAbiParameters, stringToHex, type Hex } from 'viem';
import {
  MAX_TOKEN_TEXT_LENGTH,
  MISSING_FIELD,
  combineTokenFields,
  decodeTokenDecimals,
  decodeTokenText,
  type TokenField,
} from './readTokenMetadataResults.js';

const abiString = (text: string) => encodeAbiParameters([{ type: 'string' }], [text]);
const uint = (value: bigint) => encodeAbiParameters([{ type: 'uint256' }], [value]);

describe('decodeTokenText()', () => {
  it.each<[string, Hex | undefined, TokenField<string>]>([
    ['an ABI string', abiString('USD Coin'), { value: 'USD Coin', encoding: 'standard' }],
    ['a bytes32 symbol (MKR on mainnet)', stringToHex('MKR', { size: 32 }), { value: 'MKR', encoding: 'bytes32' }],
    ['a bytes32 name (Maker on mainnet)', stringToHex('Maker', { size: 32 }), { value: 'Maker', encoding: 'bytes32' }],
    ['a full 32-character bytes32', stringToHex('A'.repeat(32)), { value: 'A'.repeat(32), encoding: 'bytes32' }],
    ['an all-zero bytes32', `0x${'00'.repeat(32)}`, MISSING_FIELD],
    ['a reverted call', undefined, MISSING_FIELD],
    ['no data (an EOA)', '0x', MISSING_FIELD],
    ['16 bytes', `0x${'41'.repeat(16)}`, MISSING_FIELD],
    ['64 bytes with an offset past the end', `0x${'ff'.repeat(64)}`, MISSING_FIELD],
    ['an empty ABI string', abiString(''), { value: null, encoding: 'standard' }],
    ['NULs and control characters', abiString('\u0000DAI\u0007\n '), { value: 'DAI', encoding: 'standard' }],
  ])('decodes %s', (_case, data, expected) => {
    expect(decodeTokenText(data)).toEqual(expected);
  });

  it(`keeps at most ${MAX_TOKEN_TEXT_LENGTH} characters of a huge name`, () => {
    expect(decodeTokenText(abiString('x'.repeat(10_000))).value).toHaveLength(MAX_TOKEN_TEXT_LENGTH);
  });
});

describe('decodeTokenDecimals()', () => {
  it.each<[string, Hex | undefined, number | null]>([
    ['6', uint(6n), 6],
    ['0', uint(0n), 0],
    ['255', uint(255n), 255],
    ['256 (not a uint8)', uint(256n), null],
    ['a reverted call', undefined, null],
    ['no data', '0x', null],
    ['a short answer', '0x12', null],
  ])('reads %s', (_case, data, expected) => {
    expect(decodeTokenDecimals(data).value).toBe(expected);
  });
});

describe('combineTokenFields()', () => {
  const text = (value: string): TokenField<string> => ({ value, encoding: 'standard' });
  const decimals: TokenField<number> = { value: 18, encoding: 'standard' };

  it('is ok when every answer is standard', () => {
    expect(combineTokenFields(text('WETH'), text('Wrapped Ether'), decimals)).toEqual({ symbol: 'WETH', name: 'Wrapped Ether', decimals: 18, status: 'ok' });
  });

  it('is nonstandard for bytes32 text, and for a missing decimals()', () => {
    expect(combineTokenFields(decodeTokenText(stringToHex('MKR', { size: 32 })), text('Maker'), decimals).status).toBe('nonstandard');
    expect(combineTokenFields(text('UNI-V3-POS'), text('Uniswap V3 Positions NFT-V1'), MISSING_FIELD)).toEqual({
      symbol: 'UNI-V3-POS',
      name: 'Uniswap V3 Positions NFT-V1',
      decimals: null,
      status: 'nonstandard',
    });
  });

  it('is failed when nothing answered', () => {
    expect(combineTokenFields(MISSING_FIELD, MISSING_FIELD, MISSING_FIELD)).toEqual({ symbol: null, name: null, decimals: null, status: 'failed' });
  });
});
