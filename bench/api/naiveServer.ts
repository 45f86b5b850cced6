/**
 * The naive baseline of `npm run bench:api`: the same app in the `api` role, without the shared market read cache,
 * and with every DataLoader `load` running its own SQL statement (a fresh loader per call: no batching, no
 * per-request cache), the way resolvers behave without DataLoader. Prints the same "Health:" line as src/main.ts so
 * the benchmark finds its port.
 */
import 'reflect-metadata';
import { createApp } from '../../src/app/createApp.js';
import { buildLogger } from '../../src/common/logger.js';
import { createMetrics } from '../../src/common/metrics.js';
import { loadConfig } from '../../src/config/config.js';
import { createLoaders, type Loaders } from '../../src/datasources/loaders/createLoaders.js';
import type { Repositories } from '../../src/resolvers/context.js';

/** Loaders whose every call builds a new DataLoader: one statement per key, nothing cached. */
function createNaiveLoaders(repos: Repositories): Loaders {
  const shape = createLoaders(repos);
  const naive: Record<string, unknown> = {};
  for (const name of Object.keys(shape) as (keyof Loaders)[]) {
    const fresh = () => createLoaders(repos)[name] as unknown as { load(key: unknown): Promise<unknown> };
    naive[name] = {
      load: (key: unknown) => fresh().load(key),
      loadMany: (keys: readonly unknown[]) => Promise.all(keys.map((key) => fresh().load(key).catch((error: unknown) => error))),
    };
  }
  return naive as unknown as Loaders;
}

const config = loadConfig(process.env, { role: 'api' });
const logger = buildLogger(config.logLevel, { role: 'api', baseline: 'naive' });
const app = await createApp({ config, logger, metrics: createMetrics() }, { createLoaders: createNaiveLoaders, readCache: false });
process.stdout.write(`naive baseline up\n  Health:                  http://localhost:${app.port}/healthz\n`);
const stop = () => void app.stop().then(() => process.exit(0));
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
