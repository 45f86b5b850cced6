import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { expressMiddleware } from '@as-integrations/express5';
import express from 'express';
import type { GraphQLSchema } from 'graphql';
import { useServer } from 'graphql-ws/use/ws';
import { WebSocketServer } from 'ws';
import type { Common } from '../common/common.js';
import type { GraphQLContext } from '../resolvers/context.js';
import { bodyErrorHandler } from './bodyErrorHandler.js';
import { buildErrorFormatter } from './formatError.js';
import { buildHealthRouter, type ReadinessCheck } from './health.js';
import { metricsPlugin } from './plugins/metricsPlugin.js';

export interface ApiServerOptions {
  common: Common;
  /** The GraphQL schema; undefined serves only health and metrics (the worker role). */
  schema: GraphQLSchema | undefined;
  /** Builds a fresh context (fresh DataLoaders) per HTTP request and per subscription. */
  createContext: () => GraphQLContext;
  readinessChecks: () => ReadinessCheck[];
  /** Extra routes mounted before GraphQL (REST, playground). */
  routes?: express.Router[];
}

export const GRAPHQL_PATH = '/graphql';

type FormatError = ReturnType<typeof buildErrorFormatter>;

function attachGraphqlWs(httpServer: Server, options: ApiServerOptions, schema: GraphQLSchema, formatError: FormatError) {
  const { metrics } = options.common;
  const wsServer = new WebSocketServer({ server: httpServer, path: GRAPHQL_PATH, maxPayload: 1024 * 1024 });
  const handle = useServer<Record<string, unknown> | undefined, { context?: GraphQLContext }>(
    {
      schema,
      // A connection that never sends connection_init is closed (graphql-ws close code 4408).
      connectionInitWaitTimeout: 10_000,
      context: () => options.createContext(),
      onConnect: () => {
        metrics.wsConnections.inc();
        return true;
      },
      onClose: (ctx) => {
        if (ctx.acknowledged) metrics.wsConnections.dec();
      },
      onNext: (_ctx, _id, _payload, _args, result) =>
        result.errors ? { ...result, errors: result.errors.map((e) => formatError(e.toJSON(), e)) } : undefined,
      onError: (_ctx, _id, _payload, errors) => errors.map((e) => formatError(e.toJSON(), e)),
    },
    wsServer,
  );
  return {
    dispose: () => handle.dispose(),
    async close() {
      for (const client of wsServer.clients) client.terminate();
      await new Promise<void>((resolve) => wsServer.close(() => resolve()));
    },
  };
}

/** HTTP (Apollo at /graphql, health, metrics) and graphql-ws on the same port and path. */
export function createApiServer(options: ApiServerOptions) {
  const { common, schema } = options;
  const log = common.logger.child({ component: 'api' });
  const formatError = buildErrorFormatter({ mask: common.config.nodeEnv === 'production', logger: log });
  const app = express();
  app.disable('x-powered-by');
  const httpServer: Server = createServer(app);
  const ws = schema ? attachGraphqlWs(httpServer, options, schema, formatError) : undefined;
  const apollo = schema
    ? new ApolloServer<GraphQLContext>({
        schema,
        formatError,
        introspection: true,
        // main.ts owns signals and the shutdown order; Apollo must not stop itself and re-raise the signal.
        stopOnTerminationSignals: false,
        includeStacktraceInErrorResponses: false,
        plugins: [
          ApolloServerPluginDrainHttpServer({ httpServer }),
          { serverWillStart: async () => ({ drainServer: async () => ws?.dispose() }) },
          metricsPlugin(common.metrics),
        ],
      })
    : undefined;

  return {
    httpServer,
    /** Starts listening; resolves with the bound port. */
    async start(): Promise<{ port: number }> {
      app.use(buildHealthRouter(common.metrics, options.readinessChecks));
      for (const router of options.routes ?? []) app.use(router);
      if (apollo) {
        await apollo.start();
        app.use(GRAPHQL_PATH, express.json({ limit: '1mb' }), expressMiddleware(apollo, { context: async () => options.createContext() }));
      }
      app.use(bodyErrorHandler);
      await new Promise<void>((resolve, reject) => {
        httpServer.once('error', reject);
        httpServer.listen(common.config.port, common.config.host, () => resolve());
      });
      return { port: (httpServer.address() as AddressInfo).port };
    },
    /** Stops accepting, drains HTTP, closes every WebSocket. */
    async stop(): Promise<void> {
      if (apollo) await apollo.stop();
      await ws?.close();
      if (httpServer.listening) {
        httpServer.closeAllConnections();
        await new Promise<void>((resolve) => httpServer.close(() => resolve()));
      }
    },
  };
}

export type ApiServer = ReturnType<typeof createApiServer>;
