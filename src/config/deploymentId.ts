import { createHash } from 'node:crypto';
import type { Config } from './config.js';

/**
 * A short id of the deployment a process belongs to: a hash of its database URL (or embedded data dir). Processes of
 * one deployment share it; Redis keys that hold per-deployment state (rate budgets, connection counts, usage
 * counters, the live-subscription registry) are prefixed with it, so deployments or test runs sharing a Redis never
 * mix their state. Pub/sub topics are not prefixed: one Redis serves one deployment's events.
 */
export function deploymentId(config: Pick<Config, 'databaseUrl' | 'dataDir'>): string {
  return createHash('sha256').update(config.databaseUrl ?? config.dataDir).digest('hex').slice(0, 12);
}
