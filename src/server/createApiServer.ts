import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import type { KeyValueCache } from '@apollo/utils.keyvaluecache';
import { expressMiddleware } from '@as-integrations/express5';
import express from 'express';
import type { GraphQLSchema } from 'graphql';
import { useServer } from 'graphql-ws/use/ws';
import { WebSocketServer, type WebSocket } from 'ws';
import { createRequestGuard, type RequestGuard } from '../auth/createRequestGuard.js';
import type { Principal } from '../auth/principal.js';
import type { Common } from '../common/common.js';
import type { GraphQLContext } from '../resolvers/context.js';
import type { ApiObserver } from './apiObserver.js';
import { bodyErrorHandler } from './bodyErrorHandler.js';
import { buildErrorFormatter } from './formatError.js';
import { buildHealthRouter, type ReadinessCheck } from './health.js';
import { buildGraphqlWsHooks } from './plugins/graphqlWsHooks.js';
import { buildHttpContext } from './plugins/httpContext.js';
import { metricsPlugin } from './plugins/metricsPlugin.js';
import { observerPlugin } from './plugins/observerPlugin.js';
import { queryLimitsPlugin } from './plugins/queryLimitsPlugin.js';

export interface ApiServerOptions {
  common: Common;
  /** The GraphQL schema; undefined serves only health and metrics (the worker role). */
  schema: GraphQLSchema | undefined;
  /** Builds a fresh context (fresh DataLoaders) per HTTP request and per graphql-ws operation. */
  createContext: (principal: Principal) => GraphQLContext;
  /** Authentication and limits for HTTP and graphql-ws. Default: a guard without keys (anonymous limits only). */
  guard?: RequestGuard;
  /** Told about every operation, subscription and WebSocket byte (usage metering). */
  observer?: ApiObserver;
  /** Cache of automatic persisted queries (Redis-backed to share them between API processes). Default: Apollo's in-memory cache. */
  persistedQueryCache?: KeyValueCache<string>;
  readinessChecks: () => ReadinessCheck[];
  /** Extra routes mounted before GraphQL (REST, playground). */
  routes?: express.Router[];
}

export const GRAPHQL_PATH = '/graphql';

type FormatError = ReturnType<typeof buildErrorFormatter>;

function attachGraphqlWs(httpServer: Server, options: ApiServerOptions, schema: GraphQLSchema, guard: RequestGuard, formatError: FormatError) {
  const { metrics } = options.common;
  const wsServer = new WebSocketServer({ server: httpServer, path: GRAPHQL_PATH, maxPayload: 1024 * 1024 });
  const guarded = buildGraphqlWsHooks({ schema, guard, metrics, createContext: options.createContext, observer: options.observer });
  wsServer.on('connection', (socket) => guarded.meterSocket(socket)); // registered before useServer's listener
  const handle = useServer<Record<string, unknown> | undefined, { socket: WebSocket; request: IncomingMessage }>(
    {
      schema,
      // A connection that never sends connection_init is closed (graphql-ws close code 4408).
      connectionInitWaitTimeout: 10_000,
      ...guarded.hooks,
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
  const ownGuard = schema && !options.guard ? createRequestGuard({ common, apiKeys: undefined }) : undefined;
  const guard = options.guard ?? ownGuard;
  const ws = schema && guard ? attachGraphqlWs(httpServer, options, schema, guard, formatError) : undefined;
  const apollo = schema && guard
    ? new ApolloServer<GraphQLContext>({
        schema,
        formatError,
        introspection: true,
        // main.ts owns signals and the shutdown order; Apollo must not stop itself and re-raise the signal.
        stopOnTerminationSignals: false,
        includeStacktraceInErrorResponses: false,
        persistedQueries: options.persistedQueryCache ? { cache: options.persistedQueryCache } : {},
        plugins: [
          ApolloServerPluginDrainHttpServer({ httpServer }),
          { serverWillStart: async () => ({ drainServer: async () => ws?.dispose() }) },
          metricsPlugin(common.metrics),
          queryLimitsPlugin(guard, schema),
          ...(options.observer ? [observerPlugin(options.observer)] : []),
        ],
      })
    : undefined;

  return {
    httpServer,
    /** Starts listening; resolves with the bound port. */
    async start(): Promise<{ port: number }> {
      app.use(buildHealthRouter(common.metrics, options.readinessChecks));
      for (const router of options.routes ?? []) app.use(router);
      if (apollo && guard) {
        await apollo.start();
        const context = buildHttpContext(guard, options.createContext);
        app.use(GRAPHQL_PATH, express.json({ limit: '1mb' }), expressMiddleware(apollo, { context }));
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
      await ownGuard?.close();
      if (httpServer.listening) {
        httpServer.closeAllConnections();
        await new Promise<void>((resolve) => httpServer.close(() => resolve()));
      }
    },
  };
}

export type ApiServer = ReturnType<typeof createApiServer>;
