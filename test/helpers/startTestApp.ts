import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApp, type App, type AppOverrides } from '../../src/app/createApp.js';
import { buildLogger } from '../../src/common/logger.js';
import { createMetrics } from '../../src/common/metrics.js';
import { loadConfig } from '../../src/config/config.js';

export interface TestApp {
  app: App;
  baseUrl: string;
  wsUrl: string;
  dataDir: string;
  stop(): Promise<void>;
}

/** Starts the whole platform in this process on a free port, with its state in a fresh temporary directory. */
export async function startTestApp(env: Record<string, string> = {}, overrides: AppOverrides = {}): Promise<TestApp> {
  const dataDir = mkdtempSync(join(tmpdir(), 'ocs-e2e-'));
  const config = loadConfig({ PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir, NODE_ENV: 'test', LOG_LEVEL: 'silent', ...env });
  const app = await createApp({ config, logger: buildLogger(config.logLevel), metrics: createMetrics() }, overrides);
  return {
    app,
    dataDir,
    baseUrl: `http://127.0.0.1:${app.port}`,
    wsUrl: `ws://127.0.0.1:${app.port}/graphql`,
    stop: async () => {
      await app.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
