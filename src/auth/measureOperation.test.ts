import { buildSchema, parse } from 'graphql';
import { describe, expect, it } from 'vitest';
import { DEFAULT_FIRST, historyBuckets, INTROSPECTION_COST, MAX_QUERY_NODES, measureOperation, UnmeasurableOperationError } from './measureOperation.js';

const schema = buildSchema(`
  type Block { number: Int! hash: String! parent: Block }
  type PageInfo { endCursor: String hasNextPage: Boolean! }
  type BlockConnection { totalCount: Int! nodes: [Block!]! pageInfo: PageInfo! }
  type Chain { chainId: Int! name: String! blocks(first: Int = 20): BlockConnection! recent(first: Int): [Block!]! }
  scalar DateTime
  enum HistoryInterval { DAY HOUR }
  type Point { timestamp: DateTime! value: Float! }
  type Token { symbol: String! priceHistory(interval: HistoryInterval! = HOUR, from: DateTime!, to: DateTime): [Point!]! }
  type TokenConnection { nodes: [Token!]! }
  type Query {
    chains: [Chain!]! chain(chainId: Int!): Chain blocks(chainId: Int!, first: Int = 20): BlockConnection!
    tokens(first: Int = 20): TokenConnection! token(symbol: String!): Token
  }
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
    ['__schema costs a fixed INTROSPECTION_COST', '{ __schema { types { name fields { name type { name ofType { name } } } } } }', INTROSPECTION_COST],
    ['__type costs a fixed INTROSPECTION_COST', '{ __type(name: "Block") { name fields { name } } }', INTROSPECTION_COST],
    ['__typename is free', '{ chains { __typename chainId } }', 1],
    ['a 30-day hourly history: 720 buckets', '{ token(symbol: "WETH") { priceHistory(from: "2026-01-01T00:00:00Z", to: "2026-01-31T00:00:00Z") { value } } }', 1 + (1 + Math.ceil(720 / 100))],
    ['a 30-day daily history: 30 buckets', '{ token(symbol: "WETH") { priceHistory(interval: DAY, from: "2026-01-01T00:00:00Z", to: "2026-01-31T00:00:00Z") { value } } }', 1 + (1 + 1)],
    ['a page of histories multiplies', '{ tokens(first: 1000) { nodes { priceHistory(from: "2026-01-01T00:00:00Z", to: "2026-01-31T00:00:00Z") { value } } } }', 1 + 1000 * (1 + (1 + 8))],
    ['an inverted range counts one bucket', '{ token(symbol: "WETH") { priceHistory(from: "2026-02-01T00:00:00Z", to: "2026-01-01T00:00:00Z") { value } } }', 1 + (1 + 1)],
  ])('costs %s', (_case, query, cost) => {
    expect(measure(query).cost).toBe(cost);
  });

  it('a history without `to` counts buckets up to now, and reads its range from variables', () => {
    const from = new Date(Date.now() - 30 * 86_400_000).toISOString();
    expect(measure('query($from: DateTime!) { tokens(first: 1000) { nodes { priceHistory(from: $from) { value } } } }', { from }).cost).toBe(1 + 1000 * (1 + 1 + 8));
    expect(historyBuckets({ interval: 'hour', from: new Date(0), to: new Date(3_600_000 * 250) })).toBe(250);
    expect(historyBuckets({ interval: 'DAY', from: '2026-01-01T00:00:00Z' }, Date.parse('2026-01-11T00:00:00Z'))).toBe(10);
    expect(historyBuckets({ interval: 'hour', from: 'not a date' })).toBe(1);
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
    try {
      measure(`{ chains { ...F0 } } ${fragments}`);
    } catch (error) {
      expect((error as UnmeasurableOperationError).nodes).toBe(1 + 2 ** 19); // the real count, not the limit
    }
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
