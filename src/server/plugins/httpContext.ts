import type express from 'express';
import type { RequestGuard } from '../../auth/createRequestGuard.js';
import type { Principal } from '../../auth/principal.js';
import { normalizeClientAddress, readHttpCredential } from '../../auth/readCredential.js';
import type { GraphQLContext } from '../../resolvers/context.js';
import { withHttpHead } from './httpErrorHead.js';

/**
 * Apollo's context function for HTTP: authenticates the request (401 for a bad key) and spends one request of the
 * caller's budget (429 + Retry-After) before anything is parsed, so malformed floods pay too. Apollo answers an
 * error thrown here with the error's `extensions.http`; errors thrown from plugin hooks before parsing it would
 * turn into 500s.
 */
export function buildHttpContext(guard: RequestGuard, createContext: (principal: Principal) => GraphQLContext) {
  return async ({ req }: { req: express.Request }): Promise<GraphQLContext> => {
    try {
      const principal = await guard.authenticate(readHttpCredential(req.headers), normalizeClientAddress(req.socket.remoteAddress));
      await guard.consumeRequest(principal);
      return createContext(principal);
    } catch (error) {
      throw withHttpHead(error);
    }
  };
}
