import { unwrapResolverError } from '@apollo/server/errors';
import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import type { Logger } from '../common/logger.js';
import { ErrorCode } from '../errors/errorCode.js';

/** Codes whose message is meant for the client (ours and Apollo's request-level ones). */
const clientCodes = new Set<string>([
  ...Object.values(ErrorCode).filter((code) => code !== ErrorCode.INTERNAL_SERVER_ERROR),
  'PERSISTED_QUERY_NOT_FOUND',
  'PERSISTED_QUERY_NOT_SUPPORTED',
  'OPERATION_RESOLUTION_FAILURE',
  'BAD_REQUEST',
]);

export interface FormatErrorOptions {
  /** Replace unexpected errors' messages with a generic one. True in production. */
  mask: boolean;
  logger: Logger;
}

/**
 * The one error formatter, used by Apollo (HTTP) and graphql-ws: client errors keep their code and message;
 * anything else becomes INTERNAL_SERVER_ERROR, logged in full and masked when `mask` is set.
 */
export function buildErrorFormatter(options: FormatErrorOptions) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const code = formatted.extensions?.code;
    if (typeof code === 'string' && clientCodes.has(code)) return formatted;
    // graphql-ws hands over graphql-js's parse/validation errors without a code: no cause, no path.
    if (code === undefined && error instanceof GraphQLError && !error.originalError && !error.path) {
      return { ...formatted, extensions: { ...formatted.extensions, code: ErrorCode.GRAPHQL_VALIDATION_FAILED } };
    }
    const original = unwrapResolverError(error);
    options.logger.error({ err: original, path: formatted.path }, 'unexpected error in a GraphQL operation');
    return {
      message: options.mask ? 'Internal server error' : formatted.message,
      locations: formatted.locations,
      path: formatted.path,
      extensions: { code: ErrorCode.INTERNAL_SERVER_ERROR },
    };
  };
}
