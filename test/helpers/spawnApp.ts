import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));

export interface SpawnedApp {
  proc: ChildProcess;
  port: number;
  baseUrl: string;
  output: () => string;
  /** Sends `signal` and resolves with the exit code. */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

/** Runs `node src/main.ts` (as `npm start` does; or another entry `script`) and resolves when it prints that it is up. */
export function spawnApp(args: string[], env: Record<string, string>, timeoutMs = 60_000, script = 'src/main.ts'): Promise<SpawnedApp> {
  const proc = spawn(process.execPath, ['--import', '@swc-node/register/esm-register', script, ...args], {
    cwd: root,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  proc.stdout!.on('data', (chunk: Buffer) => (out += chunk.toString()));
  proc.stderr!.on('data', (chunk: Buffer) => (out += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => proc.once('exit', (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      proc.kill('SIGKILL');
      reject(new Error(`app did not start within ${timeoutMs} ms:\n${out}`));
    }, timeoutMs);
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`app exited with ${code} before it was up:\n${out}`));
    });
    proc.stdout!.on('data', () => {
      const match = /Health:\s+http:\/\/localhost:(\d+)\/healthz/.exec(out);
      if (!match) return;
      clearTimeout(timer);
      const port = Number(match[1]);
      resolve({
        proc,
        port,
        baseUrl: `http://127.0.0.1:${port}`,
        output: () => out,
        stop: async (signal = 'SIGTERM') => {
          if (proc.exitCode === null) proc.kill(signal);
          return exited;
        },
      });
    });
  });
}

/** Runs `node src/main.ts` expecting it to fail; resolves with the exit code and everything it printed. */
export function runAppExpectingFailure(args: string[], env: Record<string, string>, timeoutMs = 30_000): Promise<{ code: number | null; stderr: string }> {
  const proc = spawn(process.execPath, ['--import', '@swc-node/register/esm-register', 'src/main.ts', ...args], {
    cwd: root,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', LOG_LEVEL: 'silent', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  proc.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const timer = setTimeout(() => proc.kill('SIGKILL'), timeoutMs);
  return new Promise((resolve) =>
    proc.once('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, stderr });
    }),
  );
}
