import { spawn, type ChildProcess } from 'node:child_process';
import type { Logger } from '../../common/logger.js';
import { DEVNET_ACCOUNT_BALANCE_ETH, DEVNET_MNEMONIC } from '../constants.js';
import { AnvilStartError } from '../errors.js';
import { registerChild } from './childRegistry.js';
import { resolveAnvilBinary } from './resolveAnvilBinary.js';
import { waitForRpc } from './waitForRpc.js';

/** Options of {@link startAnvil}. */
export interface StartAnvilOptions {
  /** Chain id reported by `eth_chainId` (`--chain-id`). */
  chainId: number;
  /**
   * Mine a block per transaction (anvil's default) when true; mine only on `evm_mine`/`anvil_mine`
   * (`--no-mining`) when false. Switch later with `evm_setAutomine`. Default true.
   */
  automine?: boolean;
  /** Mnemonic of the funded accounts. Default {@link DEVNET_MNEMONIC}. */
  mnemonic?: string;
  /** Number of funded accounts. Default 10. */
  accounts?: number;
  /** ETH per funded account. Default 1,000,000. */
  balanceEth?: number;
  /** Path to the anvil binary. Default: resolved from `@foundry-rs/anvil-<platform>-<arch>`. */
  binaryPath?: string;
  /** How long to wait for anvil to answer `eth_chainId`. Default 20,000 ms. */
  startTimeoutMs?: number;
  /** Extra command-line flags passed through to anvil. */
  extraArgs?: readonly string[];
  /** Receives a warning if anvil exits without `stop()`. */
  logger?: Logger;
}

/** A running anvil node. */
export interface Anvil {
  rpcUrl: string;
  wsUrl: string;
  chainId: number;
  /** OS process id of the anvil child. */
  pid: number;
  /** Terminates anvil (SIGTERM, then SIGKILL after 3 s) and waits until it is gone. Idempotent. */
  stop(): Promise<void>;
}

const OUTPUT_TAIL_LINES = 40;
const STOP_GRACE_MS = 3_000;

/**
 * Spawns anvil on 127.0.0.1 with a free port (`--port 0`, read back from its "Listening on" line)
 * and waits until it answers `eth_chainId`. The child is SIGKILLed if this process exits.
 * @throws {AnvilNotFoundError} when no anvil binary is installed.
 * @throws {AnvilStartError} when anvil exits or does not answer in time (details hold its output).
 */
export async function startAnvil(options: StartAnvilOptions): Promise<Anvil> {
  const child = spawn(options.binaryPath ?? resolveAnvilBinary(), buildAnvilArgs(options), {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  registerChild(child);
  const output = captureOutput(child);
  const stop = createStop(child);
  try {
    const port = await waitForListening(child, output, options.startTimeoutMs ?? 20_000);
    const rpcUrl = `http://127.0.0.1:${port}`;
    await waitForRpc(rpcUrl, options.chainId, options.startTimeoutMs ?? 20_000);
    let stopping = false;
    child.once('exit', (code, signal) => {
      if (!stopping) options.logger?.warn({ code, signal, rpcUrl, output: output.tail() }, 'anvil exited unexpectedly');
    });
    return {
      rpcUrl,
      wsUrl: `ws://127.0.0.1:${port}`,
      chainId: options.chainId,
      pid: child.pid ?? -1,
      stop: () => {
        stopping = true;
        return stop();
      },
    };
  } catch (error) {
    await stop();
    if (error instanceof AnvilStartError) throw error;
    throw new AnvilStartError({ cause: error, details: `${String(error)}\n${output.tail()}` });
  }
}

function buildAnvilArgs(options: StartAnvilOptions): string[] {
  return [
    '--host', '127.0.0.1',
    '--port', '0',
    '--chain-id', String(options.chainId),
    '--mnemonic', options.mnemonic ?? DEVNET_MNEMONIC,
    '--accounts', String(options.accounts ?? 10),
    '--balance', String(options.balanceEth ?? DEVNET_ACCOUNT_BALANCE_ETH),
    ...(options.automine === false ? ['--no-mining'] : []),
    ...(options.extraArgs ?? []),
  ];
}

interface CapturedOutput {
  /** The last lines of stdout and stderr, for error messages. */
  tail(): string;
  /** Calls `listener` for each stdout line. */
  onLine(listener: (line: string) => void): () => void;
}

// stdout must be drained for the whole life of the child: anvil logs every request and would block
// on a full pipe. Only a short tail is kept.
function captureOutput(child: ChildProcess): CapturedOutput {
  const lines: string[] = [];
  const listeners = new Set<(line: string) => void>();
  const push = (stream: 'stdout' | 'stderr') => {
    let partial = '';
    return (chunk: Buffer) => {
      const parts = (partial + chunk.toString('utf8')).split('\n');
      partial = parts.pop() ?? '';
      for (const line of parts) {
        if (line.trim() === '') continue;
        lines.push(stream === 'stderr' ? `[stderr] ${line}` : line);
        if (lines.length > OUTPUT_TAIL_LINES) lines.shift();
        if (stream === 'stdout') for (const listener of listeners) listener(line);
      }
    };
  };
  child.stdout?.on('data', push('stdout'));
  child.stderr?.on('data', push('stderr'));
  return {
    tail: () => lines.join('\n'),
    onLine: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

function waitForListening(child: ChildProcess, output: CapturedOutput, timeoutMs: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const fail = (details: string, cause?: unknown) => {
      cleanup();
      reject(new AnvilStartError({ cause, details: `${details}\n${output.tail()}` }));
    };
    const onExit = (code: number | null, signal: string | null) =>
      fail(`anvil exited before listening (code ${code}, signal ${signal}).`);
    const onError = (error: Error) => fail(`Could not spawn anvil: ${error.message}`, error);
    const timer = setTimeout(() => fail(`anvil did not listen within ${timeoutMs} ms.`), timeoutMs);
    const removeLine = output.onLine((line) => {
      const match = /Listening on [\d.]+:(\d+)/.exec(line);
      if (!match) return;
      cleanup();
      resolve(Number(match[1]));
    });
    function cleanup() {
      clearTimeout(timer);
      removeLine();
      child.off('exit', onExit);
      child.off('error', onError);
    }
    child.once('exit', onExit);
    child.once('error', onError);
  });
}

function createStop(child: ChildProcess): () => Promise<void> {
  let stopping: Promise<void> | undefined;
  return () => {
    stopping ??= new Promise<void>((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return resolve();
      const timer = setTimeout(() => child.kill('SIGKILL'), STOP_GRACE_MS);
      child.once('exit', () => {
        clearTimeout(timer);
        resolve();
      });
      child.kill('SIGTERM');
    });
    return stopping;
  };
}
