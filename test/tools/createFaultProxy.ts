import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer } from 'ws';
import { createRandom } from '../../src/devnet/utils/random.js';
import { buildFaultConfig, type FaultConfig } from './faultProxyConfig.js';
import { createHttpHandler } from './faultProxyHttp.js';
import {
  assertLoopbackUpstream,
  createCounters,
  snapshotStats,
  type FaultProxyStats,
  type ProxyState,
  type Upstream,
} from './faultProxyState.js';
import { createWsBridge, MAX_WS_PAYLOAD_BYTES } from './faultProxyWs.js';

export type { FaultConfig, FaultKind, TooManyResultsStyle } from './faultProxyConfig.js';
export type { FaultProxyStats, Upstream } from './faultProxyState.js';

/** Options of {@link createFaultProxy}. */
export interface CreateFaultProxyOptions {
  /** JSON-RPC HTTP URL of the node to forward to; must be loopback. */
  upstreamHttpUrl: string;
  /** WebSocket URL of the same node; must be loopback. */
  upstreamWsUrl: string;
  /** Faults active from the start. Default: none. */
  faults?: Partial<FaultConfig>;
  /** Seed of the PRNG behind every fault decision: same seed and same request order, same faults. Default 1. */
  seed?: number;
  /** Give up on an upstream HTTP call after this long (the client gets HTTP 502). Default 30,000 ms. */
  upstreamTimeoutMs?: number;
  /** Larger HTTP request bodies get HTTP 413. Default 16 MiB. */
  maxBodyBytes?: number;
}

/** A running fault-injecting JSON-RPC proxy. */
export interface FaultProxy {
  /** `http://127.0.0.1:<port>`: JSON-RPC over POST, single calls and batches. */
  httpUrl: string;
  /** `ws://127.0.0.1:<port>`: each client socket is piped to its own upstream socket. */
  wsUrl: string;
  /**
   * Replaces the fault configuration: fields left out go back to "off" (`setFaults({})` clears everything).
   * Applies to requests that arrive afterwards; the PRNG sequence continues.
   * @throws {InvalidFaultConfigError} for out-of-range values.
   */
  setFaults(faults: Partial<FaultConfig>): void;
  /**
   * Forwards to another node from now on (e.g. a reorged one) and drops every WebSocket so clients reconnect
   * to it. HTTP requests already in flight finish against the old node.
   * @throws {NonLoopbackUpstreamError} when a URL is not loopback.
   */
  setUpstream(upstream: Upstream): void;
  /** A copy of the counters since start. */
  stats(): FaultProxyStats;
  /** Terminates every client WebSocket (TCP reset, no close frame) and its upstream socket. */
  dropWebSockets(): void;
  /** Ends held and in-flight requests, closes every socket and the server. Idempotent. */
  close(): Promise<void>;
}

/**
 * Starts a JSON-RPC proxy on 127.0.0.1 (free port) that forwards HTTP and WebSocket traffic to a local node
 * and injects faults (errors, HTTP 500/429, latency, hangs, truncated bodies, inconsistent results,
 * provider range errors, dropped sockets) with a seeded PRNG. See {@link FaultConfig} for each fault.
 * @throws {NonLoopbackUpstreamError} when an upstream URL is not loopback.
 * @throws {InvalidFaultConfigError} for out-of-range initial faults.
 */
export async function createFaultProxy(options: CreateFaultProxyOptions): Promise<FaultProxy> {
  const state: ProxyState = {
    upstream: assertLoopbackUpstream({ httpUrl: options.upstreamHttpUrl, wsUrl: options.upstreamWsUrl }),
    faults: buildFaultConfig(options.faults ?? {}),
    random: createRandom(options.seed ?? 1),
    counters: createCounters(),
    lastHead: undefined,
    held: new Set(),
    closing: new AbortController(),
    upstreamTimeoutMs: options.upstreamTimeoutMs ?? 30_000,
    maxBodyBytes: options.maxBodyBytes ?? 16 * 1024 * 1024,
  };
  const server = createServer(createHttpHandler(state));
  const bridge = createWsBridge(state);
  const wss = new WebSocketServer({ server, maxPayload: MAX_WS_PAYLOAD_BYTES });
  wss.on('connection', (client) => bridge.handleConnection(client));
  wss.on('error', () => undefined); // server errors surface on `server`

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;

  let closed: Promise<void> | undefined;
  const close = (): Promise<void> => {
    closed ??= new Promise<void>((resolve) => {
      state.closing.abort(new Error('fault proxy closed'));
      for (const res of state.held) res.destroy();
      state.held.clear();
      bridge.dropAll();
      wss.close();
      server.close(() => resolve());
      server.closeAllConnections();
    });
    return closed;
  };

  return {
    httpUrl: `http://127.0.0.1:${port}`,
    wsUrl: `ws://127.0.0.1:${port}`,
    setFaults: (faults) => {
      state.faults = buildFaultConfig(faults);
    },
    setUpstream: (upstream) => {
      state.upstream = assertLoopbackUpstream(upstream);
      bridge.dropAll();
    },
    stats: () => snapshotStats(state),
    dropWebSockets: () => bridge.dropAll(),
    close,
  };
}
