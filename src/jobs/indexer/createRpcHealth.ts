/** Sliding-window RPC health of one chain: median latency and error rate over the last `windowSize` calls. */
export function createRpcHealth(windowSize = 200) {
  const latencies: number[] = [];
  const failures: boolean[] = [];
  return {
    record(latencyMs: number, failed: boolean): void {
      latencies.push(latencyMs);
      failures.push(failed);
      if (latencies.length > windowSize) {
        latencies.shift();
        failures.shift();
      }
    },
    /** `null` fields until the first call. */
    snapshot(): { latencyMs: number | null; errorRate: number | null } {
      if (latencies.length === 0) return { latencyMs: null, errorRate: null };
      const sorted = [...latencies].sort((a, b) => a - b);
      const median = sorted[Math.floor((sorted.length - 1) / 2)]!;
      return { latencyMs: Math.round(median * 100) / 100, errorRate: failures.filter(Boolean).length / failures.length };
    },
  };
}
