import WebSocket, { type RawData } from 'ws';
import { isFaultTarget } from './faultProxyConfig.js';
import { idKey, methodsOf, parseRpcBody } from './faultProxyRpc.js';
import { countCall, countFault, type ProxyState } from './faultProxyState.js';

/** Client frames buffered while the upstream socket connects; more closes the client (1013). */
const MAX_QUEUED_FRAMES = 1_000;
/** Request ids remembered to name the method of a response; the oldest are forgotten past this. */
const MAX_PENDING_IDS = 10_000;
/** Largest frame accepted from either side. */
export const MAX_WS_PAYLOAD_BYTES = 16 * 1024 * 1024;

/** Pipes each client WebSocket to its own upstream WebSocket, dropping sockets on `wsDropRate`. */
export interface WsBridge {
  /** Connects a newly accepted client socket to a fresh upstream socket. */
  handleConnection(client: WebSocket): void;
  /** Terminates every client socket (no close frame) and its upstream socket. */
  dropAll(): void;
}

/** Builds the WebSocket side of the proxy. */
export function createWsBridge(state: ProxyState): WsBridge {
  const drops = new Set<() => void>();

  function handleConnection(client: WebSocket): void {
    if (state.closing.signal.aborted) {
      client.terminate();
      return;
    }
    const upstream = new WebSocket(state.upstream.wsUrl, { maxPayload: MAX_WS_PAYLOAD_BYTES });
    const queued: string[] = [];
    const methodById = new Map<string, string>();
    let dropped = false;
    const drop = () => {
      if (dropped) return;
      dropped = true;
      drops.delete(drop);
      client.terminate();
      upstream.terminate();
    };
    drops.add(drop);

    // Decides, per forwarded frame, whether this frame kills the socket instead of being delivered.
    const dropsFrame = (methods: readonly string[]): boolean => {
      const faults = state.faults;
      if (faults.wsDropRate === 0) return false;
      const target = faults.methods ? methods.some((method) => isFaultTarget(faults, method)) : true;
      if (!target || !(state.random.next() < faults.wsDropRate)) return false;
      countFault(state, 'wsDrop');
      drop();
      return true;
    };

    client.on('message', (data: RawData) => {
      const text = rawToString(data);
      const body = parseRpcBody(text);
      for (const call of body?.calls ?? []) {
        countCall(state, call.method);
        if (typeof call.method === 'string' && call.id !== undefined && call.id !== null) remember(methodById, idKey(call.id), call.method);
      }
      if (dropsFrame(body ? methodsOf(body) : [])) return;
      if (upstream.readyState === WebSocket.OPEN) upstream.send(text);
      else if (queued.length < MAX_QUEUED_FRAMES) queued.push(text);
      else client.close(1013, 'upstream not ready');
    });
    upstream.on('open', () => {
      for (const text of queued.splice(0)) upstream.send(text);
    });
    upstream.on('message', (data: RawData) => {
      const text = rawToString(data);
      const body = parseRpcBody(text);
      const methods = (body?.calls ?? []).flatMap((message) => {
        if (typeof message.method === 'string') return [message.method];
        const key = idKey(message.id);
        const method = methodById.get(key);
        methodById.delete(key);
        return method === undefined ? [] : [method];
      });
      if (dropsFrame(methods)) return;
      if (client.readyState === WebSocket.OPEN) client.send(text);
    });
    client.on('close', () => {
      drops.delete(drop);
      upstream.terminate();
    });
    upstream.on('close', () => {
      drops.delete(drop);
      if (client.readyState === WebSocket.OPEN) client.close(1001, 'upstream closed');
      else client.terminate();
    });
    // Errors are always followed by 'close', which cleans up; without a listener they would throw.
    client.on('error', () => undefined);
    upstream.on('error', () => undefined);
  }

  return {
    handleConnection,
    dropAll: () => {
      for (const drop of [...drops]) drop();
    },
  };
}

function remember(map: Map<string, string>, key: string, method: string): void {
  if (map.size >= MAX_PENDING_IDS) {
    const oldest = map.keys().next();
    if (!oldest.done) map.delete(oldest.value);
  }
  map.set(key, method);
}

function rawToString(data: RawData): string {
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  if (data instanceof ArrayBuffer) return Buffer.from(data).toString('utf8');
  return data.toString('utf8');
}
