import { describe, expect, it } from 'vitest';
import { createRpcHealth } from './createRpcHealth.js';

describe('createRpcHealth()', () => {
  it('is empty before the first call', () => {
    expect(createRpcHealth().snapshot()).toEqual({ latencyMs: null, errorRate: null });
  });

  it('reports the median latency and the error rate of the window only', () => {
    const health = createRpcHealth(4);
    health.record(100, true);
    for (const ms of [10, 30, 20, 40]) health.record(ms, false);
    expect(health.snapshot()).toEqual({ latencyMs: 20, errorRate: 0 });
    health.record(50, true);
    expect(health.snapshot()).toEqual({ latencyMs: 30, errorRate: 0.25 });
  });
});
