import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { printAppSchema } from './printAppSchema.js';

describe('schema/schema.graphql', () => {
  it('equals the schema the resolvers build (run `npm run schema:emit` after changing a resolver)', async () => {
    const committed = readFileSync(new URL('../../schema/schema.graphql', import.meta.url), 'utf8');
    expect(committed).toBe(await printAppSchema());
  });
});
