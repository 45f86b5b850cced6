import type { ApolloServerPlugin } from '@apollo/server';
import type { GraphQLSchema } from 'graphql';
import type { RequestGuard } from '../../auth/createRequestGuard.js';
import { badUserInput } from '../../errors/apiErrors.js';
import type { GraphQLContext } from '../../resolvers/context.js';
import { assertRegistrableQuery } from '../apq/assertRegistrableQuery.js';
import { withHttpHead } from './httpErrorHead.js';

const costs = new WeakMap<GraphQLContext, number>();

/** The estimated cost of the operation run with `context`; undefined when it was refused or never measured. */
export function operationCostOf(context: GraphQLContext): number | undefined {
  return costs.get(context);
}

/**
 * Refuses a validated HTTP operation over the caller's cost, depth or alias limit (QUERY_TOO_COMPLEX, HTTP 400), a
 * subscription (graphql-ws only) and a persisted-query registration over MAX_PERSISTED_QUERY_BYTES (both
 * BAD_USER_INPUT, HTTP 400). Refused before Apollo stores a registration or runs anything.
 */
export function queryLimitsPlugin(guard: RequestGuard, schema: GraphQLSchema): ApolloServerPlugin<GraphQLContext> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ contextValue, document, request, operationName, operation, metrics, source }) {
          try {
            if (operation?.operation === 'subscription') {
              throw badUserInput('Subscriptions are not served over HTTP; open a WebSocket to /graphql with the graphql-ws protocol (graphql-transport-ws)');
            }
            assertRegistrableQuery(metrics.persistedQueryRegister, source);
            const { cost } = guard.checkOperation(contextValue.principal, schema, document, request.variables, operationName);
            costs.set(contextValue, cost);
          } catch (error) {
            throw withHttpHead(error);
          }
        },
      };
    },
  };
}
