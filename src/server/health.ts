import type { Router } from 'express';
import express from 'express';
import type { Metrics } from '../common/metrics.js';

/** One named readiness check. `critical` checks failing make `/readyz` answer 503. */
export interface ReadinessCheck {
  name: string;
  critical: boolean;
  check(): Promise<{ ok: boolean; detail?: string }>;
}

/**
 * `/healthz` (the process answers), `/readyz` (each check; 503 when a critical one fails, 200 with
 * `"status":"degraded"` when only non-critical ones do, e.g. one chain's RPC), `/metrics` (Prometheus).
 */
export function buildHealthRouter(metrics: Metrics, checks: () => ReadinessCheck[]): Router {
  const router = express.Router();
  router.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  router.get('/readyz', async (_req, res) => {
    const results = await Promise.all(
      checks().map(async (c) => {
        const result = await c.check().catch((error: Error) => ({ ok: false, detail: error.message }));
        return { name: c.name, critical: c.critical, ...result };
      }),
    );
    const criticalDown = results.some((r) => r.critical && !r.ok);
    const anyDown = results.some((r) => !r.ok);
    res.status(criticalDown ? 503 : 200).json({ status: criticalDown ? 'unavailable' : anyDown ? 'degraded' : 'ok', checks: results });
  });
  router.get('/metrics', async (_req, res) => {
    res.type(metrics.registry.contentType).send(await metrics.registry.metrics());
  });
  return router;
}
