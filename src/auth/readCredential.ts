/** A presented credential: absent, or the raw string the client sent. */
export type Credential = { kind: 'none' } | { kind: 'key'; key: string };

/**
 * Reads the API key from `x-api-key: <key>` or `Authorization: Bearer <key>` (HTTP headers, lower-cased names).
 * An Authorization header of another scheme, or an empty value, is returned as the raw string so it fails as malformed.
 */
export function readHttpCredential(headers: Record<string, string | string[] | undefined>): Credential {
  const first = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value);
  const apiKey = first(headers['x-api-key']);
  if (apiKey !== undefined) return { kind: 'key', key: apiKey.trim() };
  const authorization = first(headers.authorization);
  if (authorization === undefined) return { kind: 'none' };
  const match = /^Bearer\s+(.*)$/i.exec(authorization.trim());
  return { kind: 'key', key: (match ? match[1]! : authorization).trim() };
}

/** Reads the API key from a graphql-ws connection_init payload `{ apiKey }`. */
export function readConnectionParamsCredential(params: Readonly<Record<string, unknown>> | undefined): Credential {
  const apiKey = params?.apiKey;
  if (apiKey === undefined || apiKey === null) return { kind: 'none' };
  return { kind: 'key', key: typeof apiKey === 'string' ? apiKey.trim() : '' };
}

/** `::ffff:1.2.3.4` becomes `1.2.3.4`; unknown becomes `unknown`. */
export function normalizeClientAddress(address: string | undefined): string {
  if (!address) return 'unknown';
  return address.startsWith('::ffff:') ? address.slice(7) : address;
}
