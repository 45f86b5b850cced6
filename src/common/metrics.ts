import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** Prometheus metrics of one process, on its own registry (no global state). */
export function createMetrics() {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const chainLabels = ['chain_id', 'chain'] as const;
  return {
    registry,
    chainHeadBlock: new Gauge({ name: 'ocs_chain_head_block', help: 'Latest head seen per chain', labelNames: chainLabels, registers: [registry] }),
    chainIndexedBlock: new Gauge({ name: 'ocs_chain_indexed_block', help: 'Latest indexed block per chain', labelNames: chainLabels, registers: [registry] }),
    chainLagBlocks: new Gauge({ name: 'ocs_chain_lag_blocks', help: 'Head minus indexed block', labelNames: chainLabels, registers: [registry] }),
    chainUp: new Gauge({ name: 'ocs_chain_up', help: '1 when the follower is live or syncing, 0 when degraded or stopped', labelNames: chainLabels, registers: [registry] }),
    blocksIndexed: new Counter({ name: 'ocs_blocks_indexed_total', help: 'Blocks stored', labelNames: chainLabels, registers: [registry] }),
    reorgs: new Counter({ name: 'ocs_reorgs_total', help: 'Reorgs handled', labelNames: chainLabels, registers: [registry] }),
    rpcErrors: new Counter({ name: 'ocs_rpc_errors_total', help: 'Failed RPC calls', labelNames: chainLabels, registers: [registry] }),
    rpcLatency: new Histogram({
      name: 'ocs_rpc_latency_seconds',
      help: 'RPC call latency',
      labelNames: chainLabels,
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers: [registry],
    }),
    graphqlRequests: new Counter({ name: 'ocs_graphql_requests_total', help: 'GraphQL operations over HTTP', labelNames: ['operation_type', 'outcome'] as const, registers: [registry] }),
    wsConnections: new Gauge({ name: 'ocs_ws_connections', help: 'Open graphql-ws connections', registers: [registry] }),
    eventsPublished: new Counter({ name: 'ocs_pubsub_published_total', help: 'Events published', labelNames: ['topic'] as const, registers: [registry] }),
  };
}

export type Metrics = ReturnType<typeof createMetrics>;
