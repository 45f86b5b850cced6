import { GraphQLScalarType, Kind } from 'graphql';
import { scalarError } from './scalarError.js';

const decimal = /^-?(0|[1-9][0-9]{0,77})$/;

function parse(value: unknown): bigint {
  if (typeof value === 'bigint') return value;
  if (typeof value === 'number' && Number.isSafeInteger(value)) return BigInt(value);
  if (typeof value === 'string' && decimal.test(value)) return BigInt(value);
  throw scalarError('BigInt', `expected a decimal integer string of at most 78 digits, got ${JSON.stringify(String(value)).slice(0, 80)}`);
}

/** Arbitrary-precision integer (token amounts in base units), serialised as a decimal string. */
export const BigIntScalar = new GraphQLScalarType({
  name: 'BigInt',
  description: 'Arbitrary-precision integer, as a decimal string (token amounts are in base units).',
  serialize: (value) => parse(value).toString(),
  parseValue: parse,
  parseLiteral: (ast) => {
    if (ast.kind === Kind.STRING || ast.kind === Kind.INT) return parse(ast.value);
    throw scalarError('BigInt', `expected a string or integer literal, got ${ast.kind}`);
  },
});
