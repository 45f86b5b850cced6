import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generate, loadCodegenConfig } from '@graphql-codegen/cli';
import { buildSchema, Kind, parse, type GraphQLObjectType } from 'graphql';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));
const operationsDir = join(root, 'client-sdk/operations');

/** `Query.chains`, `Subscription.blockAdded`, ... for every field of the schema's root types. */
function rootFieldsOfSchema(): string[] {
  const schema = buildSchema(readFileSync(join(root, 'schema/schema.graphql'), 'utf8'));
  const roots = [schema.getQueryType(), schema.getMutationType(), schema.getSubscriptionType()].filter((t): t is GraphQLObjectType => !!t);
  return roots.flatMap((type) => Object.keys(type.getFields()).map((field) => `${type.name}.${field}`)).sort();
}

/** The root fields the SDK's operations select (by field name, whatever the alias). */
function rootFieldsOfOperations(): Set<string> {
  const typeOf = { query: 'Query', mutation: 'Mutation', subscription: 'Subscription' } as const;
  const covered = new Set<string>();
  for (const file of readdirSync(operationsDir).filter((f) => f.endsWith('.graphql'))) {
    for (const definition of parse(readFileSync(join(operationsDir, file), 'utf8')).definitions) {
      if (definition.kind !== Kind.OPERATION_DEFINITION) continue;
      for (const selection of definition.selectionSet.selections) {
        if (selection.kind === Kind.FIELD) covered.add(`${typeOf[definition.operation]}.${selection.name.value}`);
      }
    }
  }
  return covered;
}

describe('the SDK codegen (codegen.yml -> client-sdk/src/generated)', () => {
  it('has an operation in client-sdk/operations for every root field of schema/schema.graphql', () => {
    const covered = rootFieldsOfOperations();
    const missing = rootFieldsOfSchema().filter((field) => !covered.has(field));
    expect(missing, `add an operation to client-sdk/operations for ${missing.join(', ')}, then npm run codegen`).toEqual([]);
  });

  it('has committed generated files identical to a fresh `npm run codegen` (else: run it and commit)', async () => {
    const { config } = await loadCodegenConfig({ configFilePath: join(root, 'codegen.yml') });
    const outputs = (await generate({ ...config, cwd: root, silent: true }, false)) as { filename: string; content: string }[];
    expect(outputs.length).toBeGreaterThan(0);
    for (const output of outputs) {
      const committed = readFileSync(join(root, output.filename), 'utf8');
      expect(committed === output.content, `${output.filename} is stale: run npm run codegen`).toBe(true);
    }
  });
});
