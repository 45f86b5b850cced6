import { describe, expect, it } from 'vitest';
import { createRandom } from '../../src/devnet/utils/random.js';
import {
  buildFaultConfig,
  drawCallFault,
  drawDelayMs,
  drawTransportFault,
  InvalidFaultConfigError,
  isFaultTarget,
  NO_FAULTS,
  type FaultConfig,
} from './faultProxyConfig.js';

describe('buildFaultConfig()', () => {
  it('defaults every fault to off', () => {
    expect(buildFaultConfig({})).toEqual(NO_FAULTS);
    expect(buildFaultConfig({ errorRate: 0.5, methods: undefined })).toEqual({ ...NO_FAULTS, errorRate: 0.5 });
  });

  it.each<[string, Partial<FaultConfig>]>([
    ['a rate above 1', { errorRate: 1.5 }],
    ['a negative rate', { wsDropRate: -0.1 }],
    ['a NaN rate', { timeoutRate: Number.NaN }],
    ['a negative latency', { latencyMs: -1 }],
    ['an infinite jitter', { jitterMs: Number.POSITIVE_INFINITY }],
    ['a zero block limit', { tooManyResultsOverBlocks: 0 }],
    ['a fractional block limit', { tooManyResultsOverBlocks: 1.5 }],
    ['an unknown style', { tooManyResultsStyle: 'quicknode' as 'infura' }],
  ])('rejects %s', (_case, faults) => {
    expect(() => buildFaultConfig(faults)).toThrow(InvalidFaultConfigError);
  });
});

describe('isFaultTarget()', () => {
  it.each([
    [undefined, 'eth_getLogs', true],
    [['eth_getLogs'], 'eth_getLogs', true],
    [['eth_getLogs'], 'eth_blockNumber', false],
    [['eth_getLogs'], undefined, false],
  ] as const)('methods %j, call %s -> %s', (methods, method, expected) => {
    expect(isFaultTarget(buildFaultConfig({ methods }), method)).toBe(expected);
  });
});

describe('fault draws', () => {
  it('give each HTTP-level fault its own rate', () => {
    const config = buildFaultConfig({ timeoutRate: 0.1, http500Rate: 0.2, rateLimitRate: 0.3, truncateRate: 0.3 });
    const random = createRandom(5);
    const counts = new Map<string, number>();
    const draws = 20_000;
    for (let i = 0; i < draws; i++) {
      const fault = drawTransportFault(config, random) ?? 'none';
      counts.set(fault, (counts.get(fault) ?? 0) + 1);
    }
    const expected = { timeout: 0.1, http500: 0.2, rateLimit: 0.3, truncate: 0.3, none: 0.1 };
    for (const [fault, rate] of Object.entries(expected)) expect(Math.abs((counts.get(fault) ?? 0) / draws - rate)).toBeLessThan(0.015);
  });

  it('never fault at rate 0 and always at rate 1', () => {
    const random = createRandom(1);
    for (let i = 0; i < 1_000; i++) {
      expect(drawTransportFault(NO_FAULTS, random)).toBeUndefined();
      expect(drawCallFault(NO_FAULTS, random)).toBeUndefined();
      expect(drawCallFault(buildFaultConfig({ inconsistentRate: 1 }), random)).toBe('inconsistent');
    }
  });

  it('delay by latencyMs plus a jitter in [0, jitterMs)', () => {
    const random = createRandom(3);
    const config = buildFaultConfig({ latencyMs: 100, jitterMs: 50 });
    const delays = Array.from({ length: 1_000 }, () => drawDelayMs(config, random));
    expect(Math.min(...delays)).toBeGreaterThanOrEqual(100);
    expect(Math.max(...delays)).toBeLessThan(150);
    expect(Math.max(...delays) - Math.min(...delays)).toBeGreaterThan(40);
    expect(drawDelayMs(NO_FAULTS, random)).toBe(0);
  });
});
