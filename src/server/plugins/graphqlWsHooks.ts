import { getOperationAST, GraphQLError, parse, validate, type DocumentNode, type ExecutionArgs, type GraphQLSchema } from 'graphql';
import type { Context, ServerOptions } from 'graphql-ws';
import type { IncomingMessage } from 'node:http';
import WebSocket from 'ws';
import type { RequestGuard } from '../../auth/createRequestGuard.js';
import type { Principal } from '../../auth/principal.js';
import { normalizeClientAddress, readConnectionParamsCredential } from '../../auth/readCredential.js';
import type { Metrics } from '../../common/metrics.js';
import { ErrorCode } from '../../errors/errorCode.js';
import type { GraphQLContext } from '../../resolvers/context.js';
import type { ApiObserver } from '../apiObserver.js';

/** graphql-ws close codes this server uses beyond the protocol's own (4400-4499 are the application's). */
export enum GuardCloseCode {
  /** Malformed, unknown or revoked API key (also when the key of an open connection is revoked). */
  Forbidden = 4403,
  /** The key (or anonymous address) already holds its tier's maximum of connections, or its address spent its budget on refused keys. */
  TooManyConnections = 4429,
}

type Extra = { socket: WebSocket; request: IncomingMessage };
type WsContext = Context<Record<string, unknown> | undefined, Extra>;

interface SubscriptionState {
  operationName: string | null;
  started: boolean;
}

interface ConnectionState {
  principal: Principal;
  connectionId: string;
  release: () => Promise<void>;
  subscriptions: Map<string, SubscriptionState>;
  /** The latest key re-check; each operation's check waits for the previous one, so operations keep arrival order. */
  keyCheck: Promise<void>;
}

export interface GraphqlWsHooksOptions {
  schema: GraphQLSchema;
  guard: RequestGuard;
  metrics: Metrics;
  createContext: (principal: Principal) => GraphQLContext;
  observer: ApiObserver | undefined;
}

const closeReason = (text: string) => Buffer.from(text).subarray(0, 123).toString(); // WebSocket close reasons are at most 123 bytes

/**
 * The graphql-ws side of the request guard: connection_init authenticates and counts the connection (closing with
 * 4403 or 4429), each subscribe message is rate-limited, validated and measured like an HTTP request, and
 * subscriptions per connection are capped. Per-operation refusals reach the client as `error` messages.
 */
export function buildGraphqlWsHooks(options: GraphqlWsHooksOptions) {
  const { schema, guard, metrics, observer } = options;
  const connections = new WeakMap<WsContext, ConnectionState>();
  const bySocket = new WeakMap<WebSocket, ConnectionState>();

  const endSubscription = (state: ConnectionState, id: string) => {
    const subscription = state.subscriptions.get(id);
    state.subscriptions.delete(id);
    if (subscription?.started) observer?.onSubscriptionEnd(state.principal, { connectionId: state.connectionId, subscriptionId: id });
  };

  const refuse = (ctx: WsContext, code: GuardCloseCode, reason: string) => {
    ctx.extra.socket.close(code, closeReason(reason));
    return false; // graphql-ws would close with 4403; the socket is already closing with our code
  };

  const hooks: Pick<ServerOptions<Record<string, unknown> | undefined, Extra>, 'onConnect' | 'onSubscribe' | 'onOperation' | 'onComplete' | 'onClose'> = {
    onConnect: async (ctx) => {
      const clientAddress = normalizeClientAddress(ctx.extra.request.socket.remoteAddress);
      let principal: Principal;
      try {
        principal = await guard.authenticate(readConnectionParamsCredential(ctx.connectionParams), clientAddress);
      } catch (error) {
        if (!(error instanceof GraphQLError)) throw error;
        const code = error.extensions.code === ErrorCode.RATE_LIMITED ? GuardCloseCode.TooManyConnections : GuardCloseCode.Forbidden;
        return refuse(ctx, code, `${String(error.extensions.code)}: ${error.message}`);
      }
      const slot = await guard.acquireConnection(principal);
      if (!slot) {
        return refuse(ctx, GuardCloseCode.TooManyConnections, `Too many connections: tier ${principal.tier} allows ${principal.limits.maxWsConnections}`);
      }
      if (ctx.extra.socket.readyState !== WebSocket.OPEN) {
        await slot.release(); // the client left while we were checking
        return false;
      }
      const state: ConnectionState = { principal, connectionId: slot.connectionId, release: slot.release, subscriptions: new Map(), keyCheck: Promise.resolve() };
      connections.set(ctx, state);
      bySocket.set(ctx.extra.socket, state);
      metrics.wsConnections.inc();
      return true;
    },

    onSubscribe: async (ctx, id, payload) => {
      const state = connections.get(ctx);
      if (!state) return [new GraphQLError('Connection is not initialised')];
      const { principal } = state;
      const keyCheck = state.keyCheck.then(() => guard.assertKeyStillValid(principal));
      state.keyCheck = keyCheck.catch(() => undefined);
      try {
        await keyCheck;
      } catch (error) {
        if (!(error instanceof GraphQLError)) throw error;
        // The key was revoked while this connection was open: refuse the operation, then close the socket with 4403
        // once the error message is on its way (graphql-ws sends it after this hook returns).
        const socket = ctx.extra.socket;
        setImmediate(() => socket.close(GuardCloseCode.Forbidden, closeReason(`${String(error.extensions.code)}: ${error.message}`)));
        return [error];
      }
      let document: DocumentNode;
      try {
        await guard.consumeRequest(principal);
        document = parse(payload.query);
      } catch (error) {
        if (error instanceof GraphQLError) return [error];
        throw error;
      }
      const validationErrors = validate(schema, document);
      if (validationErrors.length > 0) return [...validationErrors];
      const operation = getOperationAST(document, payload.operationName);
      if (!operation) return [new GraphQLError('Unable to identify operation')];
      let cost: number;
      try {
        cost = guard.checkOperation(principal, schema, document, payload.variables ?? undefined, payload.operationName).cost;
        if (operation.operation === 'subscription') {
          guard.assertSubscriptionSlot(principal, state.subscriptions.size);
          state.subscriptions.set(id, { operationName: payload.operationName ?? operation.name?.value ?? null, started: false });
        }
      } catch (error) {
        if (error instanceof GraphQLError) return [error];
        throw error;
      }
      const operationName = payload.operationName ?? operation.name?.value ?? null;
      observer?.onRequest(principal, { costPoints: cost, bytesSent: 0, operationName });
      const args: ExecutionArgs = {
        schema,
        document,
        variableValues: payload.variables ?? undefined,
        operationName: payload.operationName ?? undefined,
        contextValue: options.createContext(principal),
      };
      return args;
    },

    onOperation: (ctx, id, _payload, _args, result) => {
      const state = connections.get(ctx);
      const subscription = state?.subscriptions.get(id);
      if (!state || !subscription || !(Symbol.asyncIterator in result)) return;
      subscription.started = true;
      observer?.onSubscriptionStart(state.principal, {
        connectionId: state.connectionId,
        subscriptionId: id,
        operationName: subscription.operationName,
        end: async () => {
          const running = ctx.subscriptions[id];
          if (running && 'return' in running && typeof running.return === 'function') await running.return(undefined);
        },
      });
    },

    onComplete: (ctx, id) => {
      const state = connections.get(ctx);
      if (state) endSubscription(state, id);
    },

    onClose: async (ctx) => {
      const state = connections.get(ctx);
      if (!state) return;
      connections.delete(ctx);
      for (const id of [...state.subscriptions.keys()]) endSubscription(state, id);
      metrics.wsConnections.dec();
      await state.release();
    },
  };

  return {
    hooks,
    /** Counts bytes written to `socket` once its connection is authenticated. Call on every new socket. */
    meterSocket(socket: WebSocket) {
      if (!observer) return;
      const send = socket.send.bind(socket) as (...args: unknown[]) => void;
      socket.send = ((...args: unknown[]) => {
        const state = bySocket.get(socket);
        const data = args[0];
        if (state) observer.onBytesSent(state.principal, typeof data === 'string' ? Buffer.byteLength(data) : ((data as { byteLength?: number }).byteLength ?? 0));
        send(...args);
      }) as WebSocket['send'];
    },
  };
}
