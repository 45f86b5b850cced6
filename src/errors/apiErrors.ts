import { GraphQLError } from 'graphql';
import { ErrorCode } from './errorCode.js';

/** A client-facing error: its message and extensions reach the client unmasked. */
export class ApiError extends GraphQLError {
  constructor(code: ErrorCode, message: string, extensions: Record<string, unknown> = {}) {
    super(message, { extensions: { ...extensions, code } });
    this.name = 'ApiError';
  }
}

/** The request is malformed; `argument` names the offending argument. */
export function badUserInput(message: string, argument?: string): ApiError {
  return new ApiError(ErrorCode.BAD_USER_INPUT, message, argument ? { argument } : {});
}

/** The thing asked for does not exist. */
export function notFound(what: string, id: string | number): ApiError {
  return new ApiError(ErrorCode.NOT_FOUND, `${what} ${id} was not found`, { what, id: String(id) });
}
