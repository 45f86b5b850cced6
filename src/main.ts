import 'reflect-metadata';
import { parseArgs } from 'node:util';
import { createApp } from './app/createApp.js';
import { buildLogger } from './common/logger.js';
import { createMetrics } from './common/metrics.js';
import { loadConfig } from './config/config.js';
import { BaseError } from './errors/baseError.js';

const SHUTDOWN_TIMEOUT_MS = 15_000;

function fail(message: string, exitCode: number): never {
  process.stderr.write(`${message}\n`);
  process.exit(exitCode);
}

async function main() {
  let args;
  try {
    args = parseArgs({ options: { role: { type: 'string' }, port: { type: 'string' }, manifest: { type: 'string' } }, strict: true }).values;
  } catch (error) {
    fail(`Invalid arguments: ${(error as Error).message}. Usage: npm start -- [--role api|worker|all] [--port N] [--manifest path]`, 2);
  }
  let config;
  try {
    config = loadConfig(process.env, args);
  } catch (error) {
    if (error instanceof BaseError) fail(`Configuration error: ${error.shortMessage}`, 1);
    throw error;
  }
  const logger = buildLogger(config.logLevel, { role: config.role });
  const startedAt = performance.now();
  let app;
  try {
    app = await createApp({ config, logger, metrics: createMetrics() });
  } catch (error) {
    if (error instanceof BaseError) fail(`Start-up failed: ${error.shortMessage}`, 1);
    throw error;
  }
  const base = `http://localhost:${app.port}`;
  logger.info({ startupMs: Math.round(performance.now() - startedAt), port: app.port }, 'started');
  const lines = [`On-Chain Services is up (role ${config.role}) in ${Math.round(performance.now() - startedAt)} ms`];
  if (config.role !== 'worker') lines.push(`  GraphQL (HTTP):          ${base}/graphql`, `  GraphQL (subscriptions): ws://localhost:${app.port}/graphql`);
  if (config.role !== 'worker') lines.push(`  Playground:              ${base}/playground`, `  Dashboard:               ${base}/dashboard`);
  lines.push(`  Health:                  ${base}/healthz  ${base}/readyz  ${base}/metrics`);
  if (!config.chainsConfigPath && config.role !== 'api') lines.push(`  Devnet manifest:         ${config.devnetManifestPath}`);
  process.stdout.write(`${lines.join('\n')}\n`);

  onSignal = (signal) => {
    if (stopping) fail(`${signal} again: exiting now`, 130);
    stopping = true;
    logger.info({ signal }, 'shutting down');
    setTimeout(() => fail('shutdown timed out; exiting', 1), SHUTDOWN_TIMEOUT_MS).unref();
    void app.stop().then(() => process.exit(0));
  };
}

// Installed first, so a signal during start-up still exits through process.exit (whose 'exit' hook kills the
// devnet's anvil children) instead of the default action, which would orphan them.
let stopping = false;
let onSignal: (signal: NodeJS.Signals) => void = (signal) => fail(`${signal} during start-up: exiting`, 1);
process.on('SIGINT', () => onSignal('SIGINT'));
process.on('SIGTERM', () => onSignal('SIGTERM'));

void main();
