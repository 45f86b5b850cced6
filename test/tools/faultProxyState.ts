import type { ServerResponse } from 'node:http';
import { BaseError } from '../../src/errors/baseError.js';
import type { Random } from '../../src/devnet/utils/random.js';
import { FAULT_KINDS, type FaultConfig, type FaultKind } from './faultProxyConfig.js';

/** What the proxy has seen and done since it started. */
export interface FaultProxyStats {
  /** JSON-RPC calls received from clients, over HTTP and WebSocket (each call of a batch counts). */
  requests: number;
  /** How often each fault was injected. `latency` counts delayed HTTP requests. */
  injected: Record<FaultKind, number>;
  /** Calls received per JSON-RPC method. */
  byMethod: Record<string, number>;
}

/** The upstream node the proxy forwards to. */
export interface Upstream {
  httpUrl: string;
  wsUrl: string;
}

/** Mutable state shared by the HTTP and WebSocket sides of one proxy. */
export interface ProxyState {
  upstream: Upstream;
  faults: FaultConfig;
  random: Random;
  counters: { requests: number; injected: Record<FaultKind, number>; byMethod: Map<string, number> };
  /** The last `eth_blockNumber` answered over HTTP, for "head going backwards". */
  lastHead: bigint | undefined;
  /** Requests held by a `timeout` fault; destroyed on close. */
  held: Set<ServerResponse>;
  /** Aborted by `close()`: cancels delays and upstream fetches. */
  closing: AbortController;
  upstreamTimeoutMs: number;
  maxBodyBytes: number;
}

/** Counts one received call. */
export function countCall(state: ProxyState, method: string | undefined): void {
  state.counters.requests += 1;
  const key = method ?? '(none)';
  state.counters.byMethod.set(key, (state.counters.byMethod.get(key) ?? 0) + 1);
}

/** Counts one injected fault. */
export function countFault(state: ProxyState, kind: FaultKind): void {
  state.counters.injected[kind] += 1;
}

/** Zeroed counters. */
export function createCounters(): ProxyState['counters'] {
  const injected = Object.fromEntries(FAULT_KINDS.map((kind) => [kind, 0])) as Record<FaultKind, number>;
  return { requests: 0, injected, byMethod: new Map() };
}

/** A snapshot copy of the counters. */
export function snapshotStats(state: ProxyState): FaultProxyStats {
  return {
    requests: state.counters.requests,
    injected: { ...state.counters.injected },
    byMethod: Object.fromEntries(state.counters.byMethod),
  };
}

/** An upstream URL does not point at this machine. */
export class NonLoopbackUpstreamError extends BaseError {
  override name = 'NonLoopbackUpstreamError';
}

const LOOPBACK_HOSTS = new Set(['localhost', '[::1]', '::1']);

/**
 * Checks that both upstream URLs are loopback http(s)/ws(s) URLs: the proxy never sends traffic off the machine.
 * @throws {NonLoopbackUpstreamError} otherwise.
 */
export function assertLoopbackUpstream(upstream: Upstream): Upstream {
  const check = (url: string, protocols: readonly string[]) => {
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch (cause) {
      throw new NonLoopbackUpstreamError(`Upstream URL is not a URL: ${url}`, { cause });
    }
    const loopback = LOOPBACK_HOSTS.has(parsed.hostname) || /^127\.\d+\.\d+\.\d+$/.test(parsed.hostname);
    if (!loopback || !protocols.includes(parsed.protocol)) {
      throw new NonLoopbackUpstreamError(`Upstream must be a loopback ${protocols.join('/')} URL, got ${parsed.origin}`);
    }
  };
  check(upstream.httpUrl, ['http:', 'https:']);
  check(upstream.wsUrl, ['ws:', 'wss:']);
  return { httpUrl: upstream.httpUrl, wsUrl: upstream.wsUrl };
}
