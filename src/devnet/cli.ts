import { buildLogger, type Logger } from '../common/logger.js';
import { DevnetCliArgumentError } from './errors.js';
import { DEVNET_USAGE, parseDevnetArgs, type DevnetCliArgs } from './parseDevnetArgs.js';
import { startDevnet, type Devnet } from './startDevnet.js';

// `npm run devnet -- [flags]`: runs local chains with live activity until SIGINT/SIGTERM.
// Exit codes: 0 clean shutdown, 1 start failure, 2 bad flags.

const PARENT_CHECK_MS = 1_000;

function readArgs(): DevnetCliArgs {
  try {
    return parseDevnetArgs(process.argv.slice(2));
  } catch (error) {
    if (!(error instanceof DevnetCliArgumentError)) throw error;
    process.stderr.write(`devnet: ${error.shortMessage} (see --help)\n`);
    process.exit(2);
  }
}

// Installed before startup finishes: Node's default signal exit skips 'exit' hooks, and a signal
// during startup must still stop the nodes once they are up. `npm run` does not forward SIGTERM to
// us, so a changed parent pid (npm gone) counts as a shutdown request too.
function handleShutdown(starting: Promise<Devnet>, logger: Logger): void {
  let shuttingDown = false;
  const shutdown = (reason: string) => {
    if (shuttingDown) {
      logger.warn({ reason }, 'devnet: second shutdown request, exiting now');
      process.exit(1);
    }
    shuttingDown = true;
    logger.info({ reason }, 'devnet: shutting down');
    starting
      .then((devnet) => devnet.stop())
      .catch(() => undefined)
      .finally(() => {
        logger.info('devnet: stopped');
        process.exit(process.exitCode ?? 0);
      });
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  const parentPid = process.ppid;
  setInterval(() => {
    if (process.ppid !== parentPid && !shuttingDown) shutdown('parent process exited');
  }, PARENT_CHECK_MS).unref();
}

function main(): void {
  const args = readArgs();
  if (args.help) {
    process.stdout.write(`${DEVNET_USAGE}\n`);
    return;
  }
  const logger = buildLogger('info', { service: 'devnet' });
  const starting = startDevnet({
    chains: args.chains,
    seed: args.seed,
    blockTimeMs: args.blockTimeMs,
    manifestPath: args.manifestPath,
    labelsPath: args.labelsPath,
    activity: args.activity,
    txPerBlock: args.txPerBlock,
    rate: args.rate,
    history: args.history,
    live: args.live,
    logger,
  });
  handleShutdown(starting, logger);
  starting.then(
    (devnet) => {
      const stats = () => devnet.chains.map((chain) => ({ chainId: chain.chainId, ...chain.simulator?.stats() }));
      logger.info({ timings: devnet.timings, stats: stats() }, 'devnet: started');
      setInterval(() => logger.info({ stats: stats() }, 'devnet: activity'), 60_000).unref();
    },
    (error: unknown) => {
      logger.error({ err: error }, 'devnet: failed to start');
      process.exitCode = 1;
    },
  );
}

main();
