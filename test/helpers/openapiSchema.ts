import { readFileSync } from 'node:fs';

/** The subset of an OpenAPI 3 schema object this checker understands. */
export interface Schema {
  $ref?: string;
  type?: 'object' | 'array' | 'string' | 'number' | 'integer' | 'boolean';
  nullable?: boolean;
  required?: string[];
  properties?: Record<string, Schema>;
  additionalProperties?: boolean | Schema;
  items?: Schema;
}

interface OpenApiDocument {
  paths: Record<string, Record<string, { responses: Record<string, { content?: Record<string, { schema?: Schema }> }> }>>;
  [key: string]: unknown;
}

export const DEFILLAMA_FREE_SPEC = '/work/shared/data/defillama/openapi/defillama-openapi-free.json';

export function loadSpec(path = DEFILLAMA_FREE_SPEC): OpenApiDocument {
  return JSON.parse(readFileSync(path, 'utf8')) as OpenApiDocument;
}

/** Follows a local `#/a/b` reference (`~1` and `~0` unescaped). */
function resolveRef(document: unknown, ref: string): Schema {
  if (!ref.startsWith('#/')) throw new Error(`only local $refs are supported: ${ref}`);
  let node: unknown = document;
  for (const raw of ref.slice(2).split('/')) {
    const key = raw.replaceAll('~1', '/').replaceAll('~0', '~');
    node = (node as Record<string, unknown> | undefined)?.[key];
    if (node === undefined) throw new Error(`unresolvable $ref ${ref}`);
  }
  return node as Schema;
}

/** The JSON schema of `method path`'s `status` response. */
export function responseSchema(document: OpenApiDocument, path: string, status = '200', method = 'get'): Schema {
  const schema = document.paths[path]?.[method]?.responses[status]?.content?.['application/json']?.schema;
  if (!schema) throw new Error(`no application/json schema for ${method.toUpperCase()} ${path} ${status}`);
  return schema;
}

const typeOf = (value: unknown): string => (value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value);

/**
 * Checks `value` against `schema`: `$ref`, `type` (and `nullable`), `required`, `properties`, `additionalProperties`
 * and `items`. Returns the problems as `path: message` (empty when it conforms).
 */
export function validate(document: unknown, schema: Schema, value: unknown, at = '$', depth = 0): string[] {
  if (depth > 64) return [`${at}: schema nesting too deep (cyclic $ref?)`];
  if (schema.$ref) return validate(document, resolveRef(document, schema.$ref), value, at, depth + 1);
  if (value === null) return schema.nullable || schema.type === undefined ? [] : [`${at}: null but not nullable`];
  const actual = typeOf(value);
  if (schema.type) {
    const ok = schema.type === 'integer' ? Number.isInteger(value) : schema.type === actual;
    if (!ok) return [`${at}: expected ${schema.type}, got ${actual}`];
    if ((schema.type === 'number' || schema.type === 'integer') && !Number.isFinite(value as number)) return [`${at}: not a finite number`];
  }
  const problems: string[] = [];
  if (actual === 'array' && schema.items) {
    (value as unknown[]).forEach((item, i) => problems.push(...validate(document, schema.items!, item, `${at}[${i}]`, depth + 1)));
  }
  if (actual === 'object') {
    const record = value as Record<string, unknown>;
    for (const key of schema.required ?? []) if (!(key in record)) problems.push(`${at}: missing required ${key}`);
    for (const [key, child] of Object.entries(record)) {
      const property = schema.properties?.[key];
      if (property) problems.push(...validate(document, property, child, `${at}.${key}`, depth + 1));
      else if (schema.additionalProperties === false) problems.push(`${at}: unexpected property ${key}`);
      else if (typeof schema.additionalProperties === 'object') problems.push(...validate(document, schema.additionalProperties, child, `${at}.${key}`, depth + 1));
    }
  }
  return problems;
}
