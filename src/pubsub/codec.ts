/**
 * JSON codec for pub/sub payloads that keeps `bigint` and `Date` intact across Redis.
 * Tagged forms: `{"$bigint":"123"}` and `{"$date":"2024-01-01T00:00:00.000Z"}`.
 */
export function encodePayload(value: unknown): string {
  return JSON.stringify(value, function replacer(this: Record<string, unknown>, key, val: unknown) {
    // JSON.stringify has already called Date.prototype.toJSON on `val`; read the raw value instead.
    const raw = this[key];
    if (raw instanceof Date) return { $date: raw.toISOString() };
    if (typeof val === 'bigint') return { $bigint: val.toString() };
    return val;
  });
}

function isTagged(value: unknown, tag: string): value is Record<string, string> {
  if (typeof value !== 'object' || value === null) return false;
  const keys = Object.keys(value);
  return keys.length === 1 && keys[0] === tag && typeof (value as Record<string, unknown>)[tag] === 'string';
}

/** Inverse of {@link encodePayload}. Throws SyntaxError on malformed text. */
export function decodePayload<T = unknown>(text: string): T {
  return JSON.parse(text, (_key, val: unknown) => {
    if (isTagged(val, '$bigint')) return BigInt(val.$bigint as string);
    if (isTagged(val, '$date')) return new Date(val.$date as string);
    return val;
  }) as T;
}
