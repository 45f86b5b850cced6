import type { ApolloServerPlugin } from '@apollo/server';
import type { Metrics } from '../../common/metrics.js';

/** Counts HTTP GraphQL operations by type and outcome. */
export function metricsPlugin(metrics: Metrics): ApolloServerPlugin {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ operation, errors }) {
          metrics.graphqlRequests.inc({ operation_type: operation?.operation ?? 'unknown', outcome: errors?.length ? 'error' : 'ok' });
        },
      };
    },
  };
}
