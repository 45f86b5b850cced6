import { GraphQLScalarType } from 'graphql';
import { scalarError, stringLiteral } from './scalarError.js';

const iso = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})$/;

function parse(value: unknown): Date {
  if (value instanceof Date && !Number.isNaN(value.getTime())) return value;
  if (typeof value === 'string' && iso.test(value)) {
    const date = new Date(value);
    if (!Number.isNaN(date.getTime())) return date;
  }
  throw scalarError('DateTime', 'expected an ISO-8601 date-time with a time zone, like 2024-05-01T12:00:00Z');
}

/** A point in time, as an ISO-8601 string in UTC. */
export const DateTimeScalar = new GraphQLScalarType({
  name: 'DateTime',
  description: 'A point in time: ISO-8601 string (output always UTC, millisecond precision).',
  serialize: (value) => parse(value).toISOString(),
  parseValue: parse,
  parseLiteral: (ast) => parse(stringLiteral('DateTime', ast)),
});
