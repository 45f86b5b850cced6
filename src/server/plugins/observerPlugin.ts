import type { ApolloServerPlugin } from '@apollo/server';
import type { GraphQLContext } from '../../resolvers/context.js';
import type { ApiObserver } from '../apiObserver.js';
import { operationCostOf } from './queryLimitsPlugin.js';

/** Reports each HTTP operation that reached execution to the observer, with its cost and response size. */
export function observerPlugin(observer: ApiObserver): ApolloServerPlugin<GraphQLContext> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ contextValue, response, operationName }) {
          const costPoints = operationCostOf(contextValue);
          if (costPoints === undefined) return; // refused before it ran (parse, validation, limits)
          const body = response.body;
          // Apollo's default stringifyResult is JSON.stringify plus a newline.
          const bytesSent = body.kind === 'single' ? Buffer.byteLength(JSON.stringify(body.singleResult)) + 1 : 0;
          observer.onRequest(contextValue.principal, { costPoints, bytesSent, operationName: operationName ?? null });
        },
      };
    },
  };
}
