import { decodeAbiParameters, hexToBigInt, hexToString, size, sliceHex, trim, type Hex } from 'viem';

/** How a token's metadata read went: every call standard, some non-standard (bytes32, no decimals), or nothing usable. */
export type TokenMetadataStatus = 'ok' | 'nonstandard' | 'failed';

/** ERC-20 metadata as read from chain; a null field could not be read (or was empty). */
export interface TokenMetadata {
  symbol: string | null;
  name: string | null;
  decimals: number | null;
  status: TokenMetadataStatus;
}

/** One `symbol()`/`name()`/`decimals()` answer and how it was encoded. */
export type TokenField<T> = { value: T | null; encoding: 'standard' | 'bytes32' } | { value: null; encoding: 'missing' };

/** Longest symbol or name kept, in characters: a hostile token can return megabytes. */
export const MAX_TOKEN_TEXT_LENGTH = 256;

/** The field of a call that reverted, returned nothing, or returned something unusable. */
export const MISSING_FIELD = { value: null, encoding: 'missing' } as const satisfies TokenField<never>;

// Postgres text cannot hold NUL, and control characters are never part of a real name.
function clean(text: string): string | null {
  // eslint-disable-next-line no-control-regex
  const cleaned = [...text.replace(/[\u0000-\u001f\u007f]/g, '').trim()].slice(0, MAX_TOKEN_TEXT_LENGTH).join('');
  return cleaned === '' ? null : cleaned;
}

/** A standard ABI `string` answer. */
export function textField(text: string): TokenField<string> {
  return { value: clean(text), encoding: 'standard' };
}

/** A `bytes32` answer (MKR, SAI and other early tokens): UTF-8 after trimming trailing zero bytes. */
export function bytes32TextField(value: Hex): TokenField<string> {
  const text = clean(hexToString(trim(value, { dir: 'right' })));
  return text === null ? MISSING_FIELD : { value: text, encoding: 'bytes32' };
}

/** A `decimals()` answer read as uint256: above 255 it is not a uint8 and is refused. */
export function decimalsField(value: bigint): TokenField<number> {
  return value >= 0n && value <= 255n ? { value: Number(value), encoding: 'standard' } : MISSING_FIELD;
}

/**
 * Decodes the raw answer of `symbol()` or `name()`: an ABI string, or a bytes32 when exactly 32 bytes come back.
 * `returnData` undefined means the call reverted.
 */
export function decodeTokenText(returnData: Hex | undefined): TokenField<string> {
  if (returnData === undefined || returnData === '0x') return MISSING_FIELD;
  const bytes = size(returnData);
  if (bytes === 32) return bytes32TextField(returnData);
  if (bytes < 64) return MISSING_FIELD;
  try {
    const [text] = decodeAbiParameters([{ type: 'string' }], returnData);
    return textField(text);
  } catch {
    return MISSING_FIELD;
  }
}

/** Decodes the raw answer of `decimals()` (uint8, or uint256 in some tokens). */
export function decodeTokenDecimals(returnData: Hex | undefined): TokenField<number> {
  if (returnData === undefined || returnData === '0x' || size(returnData) < 32) return MISSING_FIELD;
  return decimalsField(hexToBigInt(sliceHex(returnData, 0, 32)));
}

/**
 * Combines the three answers: `ok` when all are standard, `failed` when none could be read (no code, reverts),
 * `nonstandard` otherwise (bytes32 text, missing or invalid decimals, one call reverting).
 */
export function combineTokenFields(symbol: TokenField<string>, name: TokenField<string>, decimals: TokenField<number>): TokenMetadata {
  const fields = [symbol, name, decimals];
  const status: TokenMetadataStatus = fields.every((f) => f.encoding === 'missing')
    ? 'failed'
    : fields.every((f) => f.encoding === 'standard')
      ? 'ok'
      : 'nonstandard';
  return { symbol: symbol.value, name: name.value, decimals: decimals.value, status };
}
