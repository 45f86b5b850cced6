import type { ApolloServerPlugin } from '@apollo/server';
import type { GraphQLSchema } from 'graphql';
import type { RequestGuard } from '../../auth/createRequestGuard.js';
import type { GraphQLContext } from '../../resolvers/context.js';
import { withHttpHead } from './httpErrorHead.js';

const costs = new WeakMap<GraphQLContext, number>();

/** The estimated cost of the operation run with `context`; undefined when it was refused or never measured. */
export function operationCostOf(context: GraphQLContext): number | undefined {
  return costs.get(context);
}

/** Refuses a validated operation over the caller's cost, depth or alias limit (QUERY_TOO_COMPLEX, HTTP 400). */
export function queryLimitsPlugin(guard: RequestGuard, schema: GraphQLSchema): ApolloServerPlugin<GraphQLContext> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ contextValue, document, request, operationName }) {
          try {
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
