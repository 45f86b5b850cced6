import { GraphQLError, Kind, type ValueNode } from 'graphql';
import { ErrorCode } from '../../errors/errorCode.js';

/** A literal or variable value that the scalar rejects: BAD_USER_INPUT with the scalar's name. */
export function scalarError(scalar: string, message: string): GraphQLError {
  return new GraphQLError(`${scalar}: ${message}`, { extensions: { code: ErrorCode.BAD_USER_INPUT, scalar } });
}

/** The string in a literal, or throws. */
export function stringLiteral(scalar: string, ast: ValueNode): string {
  if (ast.kind !== Kind.STRING) throw scalarError(scalar, `expected a string literal, got ${ast.kind}`);
  return ast.value;
}
