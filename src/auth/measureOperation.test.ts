import { buildSchema, parse } from 'graphql';
import { describe, expect, it } from 'vitest';
import { DEFAULT_FIRST, MAX_QUERY_NODES, measureOperation, UnmeasurableOperationError } from './measureOperation.js';

const schema = buildSchema(`
  type Block { number: Int! hash: String! parent: Block }
  type PageInfo { endCursor: String hasNextPage: Boolean! }
  type BlockConnection { totalCount: Int! nodes: [Block!]! pageInfo: PageInfo! }
  type Chain { chainId: Int! name: String! blocks(first: Int = 20): BlockConnection! recent(first: Int): [Block!]! }
  type Query { chains: [Chain!]! chain(chainId: Int!): Chain blocks(chainId: Int!, first: Int = 20): BlockConnection! }
`);

const measure = (query: string, variables?: Record<string, unknown>, operationName?: string) => measureOperation(schema, parse(query), variables, operationName);

describe('measureOperation()', () => {
  it.each([
    ['scalars on a root object list', '{ chains { chainId name } }', 1],
    ['a page multiplies its children by first', '{ blocks(chainId: 1, first: 1000) { totalCount nodes { number } } }', 1 + 1000 * 1],
    ['the schema default of first applies', '{ blocks(chainId: 1) { nodes { number } } }', 1 + 20 * 1],
    ['a first without a default counts DEFAULT_FIRST', '{ chain(chainId: 1) { recent { parent { number } } } }', 1 + (1 + DEFAULT_FIRST * 1)],
    ['nested objects cost one each', '{ blocks(chainId: 1, first: 10) { nodes { number parent { hash } } pageInfo { hasNextPage } } }', 1 + 10 * (1 + 1 + 1)],
    ['pages inside pages multiply', '{ chains { blocks(first: 50) { nodes { number } } } }', 1 + (1 + 50 * 1)],
    ['introspection is free', '{ __schema { types { name fields { name type { name ofType { name } } } } } }', 0],
  ])('costs %s', (_case, query, cost) => {
    expect(measure(query).cost).toBe(cost);
  });

  it('reads first from variables', () => {
    expect(measure('query($n: Int) { blocks(chainId: 1, first: $n) { nodes { number } } }', { n: 300 }).cost).toBe(301);
  });

  it('counts depth without introspection and through fragments', () => {
    expect(measure('{ chains { chainId } }').depth).toBe(2);
    expect(measure('{ blocks(chainId: 1) { nodes { parent { parent { ...P } } } } } fragment P on Block { parent { number } }').depth).toBe(6);
    expect(measure('{ __schema { types { fields { type { ofType { ofType { name } } } } } } }').depth).toBe(0);
  });

  it('counts aliases in the operation and in each fragment once', () => {
    const query = '{ a: chains { x: chainId } b: chains { ...F } c: chains { ...F } } fragment F on Chain { y: name z: chainId }';
    expect(measure(query).aliases).toBe(3 + 1 + 2);
  });

  it('measures only the selected operation', () => {
    const document = 'query A { chains { chainId } } query B { blocks(chainId: 1, first: 5) { nodes { number } } }';
    expect(measure(document, undefined, 'B').cost).toBe(6);
    expect(measure(document, undefined, 'A').cost).toBe(1);
  });

  it('refuses a fragment bomb by node count instead of expanding it', () => {
    const fragments = Array.from({ length: 20 }, (_, i) => `fragment F${i} on Chain { ${i === 19 ? 'chainId' : `...F${i + 1} ...F${i + 1}`} }`).join(' ');
    expect(() => measure(`{ chains { ...F0 } } ${fragments}`)).toThrow(UnmeasurableOperationError);
    expect(MAX_QUERY_NODES).toBe(10_000);
  });

  it('reports variables that do not coerce as such', () => {
    try {
      measure('query($n: Int!) { blocks(chainId: 1, first: $n) { totalCount } }', { n: 'many' });
      expect.unreachable();
    } catch (error) {
      expect((error as UnmeasurableOperationError).reason).toBe('variables');
    }
  });
});
