import { BaseError } from '../../src/errors/baseError.js';
import type { Random } from '../../src/devnet/utils/random.js';

/** Every fault the proxy can inject; the keys of `stats().injected`. */
export const FAULT_KINDS = [
  'error',
  'http500',
  'rateLimit',
  'latency',
  'timeout',
  'truncate',
  'inconsistent',
  'tooManyResults',
  'wsDrop',
] as const;

/** One kind of injected fault. */
export type FaultKind = (typeof FAULT_KINDS)[number];

/** Error styles of an `eth_getLogs` range that is too wide. */
export type TooManyResultsStyle = 'infura' | 'alchemy';

/**
 * What the proxy injects. Rates are probabilities in [0, 1] drawn from the proxy's seeded PRNG.
 * Every field defaults to "off" (0, `undefined`); `tooManyResultsStyle` defaults to `'infura'`.
 * Over WebSocket only `wsDropRate` (and `methods`) applies; every other fault is HTTP-only.
 */
export interface FaultConfig {
  /** Per matched call: answer `{ code: -32000, message: 'injected failure' }` with HTTP 200. */
  errorRate: number;
  /** Per HTTP request: answer HTTP 500 with a text body. */
  http500Rate: number;
  /** Per HTTP request: answer HTTP 429 with `Retry-After: 1`. */
  rateLimitRate: number;
  /** Per HTTP request: fixed delay before anything else happens, in ms. */
  latencyMs: number;
  /** Per HTTP request: extra delay drawn uniformly from [0, jitterMs), in ms. */
  jitterMs: number;
  /** Per HTTP request: never answer (the request is held until `close()`). */
  timeoutRate: number;
  /** Per HTTP request: forward, then send only the first half of the JSON body (HTTP 200, broken JSON). */
  truncateRate: number;
  /** Per matched call: corrupt the result of eth_getBlockByNumber/Hash, eth_getLogs or eth_blockNumber. */
  inconsistentRate: number;
  /** eth_getLogs spanning more than this many blocks gets the provider "too many results" error. */
  tooManyResultsOverBlocks: number | undefined;
  /** Wording and code of that error. Default `'infura'`. */
  tooManyResultsStyle: TooManyResultsStyle;
  /** Per forwarded WebSocket message (either direction): terminate the client socket instead. */
  wsDropRate: number;
  /** Only calls of these methods get faults (a batch gets HTTP-level faults if any call matches). */
  methods: readonly string[] | undefined;
}

/** The default configuration: no faults at all. */
export const NO_FAULTS: Readonly<FaultConfig> = Object.freeze({
  errorRate: 0,
  http500Rate: 0,
  rateLimitRate: 0,
  latencyMs: 0,
  jitterMs: 0,
  timeoutRate: 0,
  truncateRate: 0,
  inconsistentRate: 0,
  tooManyResultsOverBlocks: undefined,
  tooManyResultsStyle: 'infura',
  wsDropRate: 0,
  methods: undefined,
});

/** A fault configuration value is out of range. */
export class InvalidFaultConfigError extends BaseError {
  override name = 'InvalidFaultConfigError';
}

const RATE_KEYS = [
  'errorRate',
  'http500Rate',
  'rateLimitRate',
  'timeoutRate',
  'truncateRate',
  'inconsistentRate',
  'wsDropRate',
] as const;

/**
 * Fills unset fields with {@link NO_FAULTS} and validates the rest.
 * @throws {InvalidFaultConfigError} for a rate outside [0, 1], a negative delay or a non-positive block limit.
 */
export function buildFaultConfig(faults: Partial<FaultConfig>): FaultConfig {
  const config: FaultConfig = { ...NO_FAULTS, ...stripUndefined(faults) };
  for (const key of RATE_KEYS) {
    const rate = config[key];
    if (!Number.isFinite(rate) || rate < 0 || rate > 1) throw invalid(key, 'a probability in [0, 1]', rate);
  }
  for (const key of ['latencyMs', 'jitterMs'] as const) {
    if (!Number.isFinite(config[key]) || config[key] < 0) throw invalid(key, 'a delay >= 0 ms', config[key]);
  }
  const limit = config.tooManyResultsOverBlocks;
  if (limit !== undefined && (!Number.isSafeInteger(limit) || limit < 1)) {
    throw invalid('tooManyResultsOverBlocks', 'an integer >= 1', limit);
  }
  if (config.tooManyResultsStyle !== 'infura' && config.tooManyResultsStyle !== 'alchemy') {
    throw invalid('tooManyResultsStyle', "'infura' or 'alchemy'", config.tooManyResultsStyle);
  }
  if (config.methods) config.methods = [...config.methods];
  return config;
}

/** True when faults may apply to a call of `method` (no `methods` filter, or it lists the method). */
export function isFaultTarget(config: FaultConfig, method: string | undefined): boolean {
  if (!config.methods) return true;
  return method !== undefined && config.methods.includes(method);
}

/** An HTTP-level fault: the whole HTTP request gets it. */
export type TransportFault = 'timeout' | 'http500' | 'rateLimit' | 'truncate';

/** A call-level fault: one JSON-RPC call (of a batch) gets it. */
export type CallFault = 'error' | 'inconsistent';

/**
 * Draws one HTTP-level fault. One PRNG draw is split into consecutive bands (timeout, http500, rateLimit,
 * truncate), so each kind happens with exactly its rate while the rates sum to <= 1; past 1 the later
 * kinds are squeezed out.
 */
export function drawTransportFault(config: FaultConfig, random: Random): TransportFault | undefined {
  return drawBand(random.next(), [
    ['timeout', config.timeoutRate],
    ['http500', config.http500Rate],
    ['rateLimit', config.rateLimitRate],
    ['truncate', config.truncateRate],
  ]);
}

/** Draws one call-level fault with one PRNG draw (bands: error, then inconsistent). */
export function drawCallFault(config: FaultConfig, random: Random): CallFault | undefined {
  return drawBand(random.next(), [
    ['error', config.errorRate],
    ['inconsistent', config.inconsistentRate],
  ]);
}

/** The delay of one HTTP request: `latencyMs` plus a uniform draw in [0, jitterMs) (no draw when 0). */
export function drawDelayMs(config: FaultConfig, random: Random): number {
  return config.latencyMs + (config.jitterMs > 0 ? random.float(0, config.jitterMs) : 0);
}

function drawBand<K extends string>(roll: number, bands: readonly (readonly [K, number])[]): K | undefined {
  let edge = 0;
  for (const [kind, rate] of bands) {
    edge += rate;
    if (roll < edge) return kind;
  }
  return undefined;
}

function stripUndefined(faults: Partial<FaultConfig>): Partial<FaultConfig> {
  return Object.fromEntries(Object.entries(faults).filter(([, value]) => value !== undefined));
}

function invalid(key: string, expected: string, got: unknown): InvalidFaultConfigError {
  return new InvalidFaultConfigError(`Fault option ${key} must be ${expected}, got ${String(got)}.`);
}
