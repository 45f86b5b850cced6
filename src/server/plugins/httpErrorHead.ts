import { HeaderMap } from '@apollo/server';
import { GraphQLError } from 'graphql';
import { ErrorCode, httpStatusOf } from '../../errors/errorCode.js';

/**
 * Gives a client error thrown before execution its HTTP status (401, 403, 429, 400) and, for RATE_LIMITED, a
 * Retry-After header; Apollo reads `extensions.http` and strips it from the response body.
 */
export function withHttpHead(error: unknown): unknown {
  if (!(error instanceof GraphQLError)) return error;
  const code = error.extensions.code;
  if (typeof code !== 'string' || !(code in httpStatusOf)) return error;
  const headers = new HeaderMap();
  const retryAfter = error.extensions.retryAfterSeconds;
  if (code === ErrorCode.RATE_LIMITED && typeof retryAfter === 'number') headers.set('retry-after', String(retryAfter));
  Object.assign(error.extensions, { http: { status: httpStatusOf[code as ErrorCode], headers } });
  return error;
}
