import { ApiError } from '../errors/apiErrors.js';
import { ErrorCode } from '../errors/errorCode.js';

/** No valid credential where one is required, or a credential that is malformed, unknown or revoked. */
export function unauthenticated(message: string): ApiError {
  return new ApiError(ErrorCode.UNAUTHENTICATED, message);
}

/** The caller is known but may not do this. */
export function forbidden(message: string): ApiError {
  return new ApiError(ErrorCode.FORBIDDEN, message);
}

/** The caller spent its request budget; `retryAfterSeconds` says when the window reopens. */
export function rateLimited(message: string, retryAfterSeconds: number): ApiError {
  return new ApiError(ErrorCode.RATE_LIMITED, message, { retryAfterSeconds });
}

/** One operation exceeds a per-operation limit; `limit` names which (`cost`, `depth`, `aliases`, `subscriptions`). */
export function queryTooComplex(message: string, details: { limitName: string; cost?: number; actual: number; limit: number }): ApiError {
  const { limitName, cost, actual, limit } = details;
  return new ApiError(ErrorCode.QUERY_TOO_COMPLEX, message, { limitName, actual, limit, ...(cost === undefined ? {} : { cost }) });
}
