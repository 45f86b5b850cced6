import { badUserInput } from '../../errors/apiErrors.js';

/** Opaque cursor: base64url of `<kind>:<value>`. Clients must not parse it. */
export function encodeCursor(kind: string, value: string | number): string {
  return Buffer.from(`${kind}:${value}`, 'utf8').toString('base64url');
}

/**
 * Decodes a cursor of the expected kind.
 * @throws ApiError BAD_USER_INPUT when it is malformed or of another kind.
 */
export function decodeCursor(kind: string, cursor: string, argument = 'after'): string {
  const text = /^[A-Za-z0-9_-]{1,200}$/.test(cursor) ? Buffer.from(cursor, 'base64url').toString('utf8') : '';
  if (!text.startsWith(`${kind}:`)) throw badUserInput(`"${cursor.slice(0, 40)}" is not a valid ${kind} cursor; pass pageInfo.endCursor back unchanged`, argument);
  return text.slice(kind.length + 1);
}

/** Decodes a cursor whose value is a non-negative safe integer. */
export function decodeIntCursor(kind: string, cursor: string, argument = 'after'): number {
  const value = decodeCursor(kind, cursor, argument);
  if (!/^(0|[1-9][0-9]{0,15})$/.test(value) || !Number.isSafeInteger(Number(value))) {
    throw badUserInput(`"${cursor.slice(0, 40)}" is not a valid ${kind} cursor`, argument);
  }
  return Number(value);
}
