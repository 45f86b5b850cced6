import { Agent, request } from 'node:http';

/** One HTTP request a scenario sends, again and again. */
export interface RequestSpec {
  method: 'GET' | 'POST';
  path: string;
  headers?: Record<string, string>;
  body?: string;
}

/** Latencies (ms) of the answered requests and what went wrong with the others. */
export interface LoadResult {
  latenciesMs: number[];
  sent: number;
  ok: number;
  /** Non-2xx answers, GraphQL `errors`, timeouts and socket errors, by reason. */
  failures: Record<string, number>;
  durationMs: number;
}

interface Shot {
  status: number;
  body: string;
}

function send(agent: Agent, baseUrl: URL, spec: RequestSpec, timeoutMs: number): Promise<Shot> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        agent,
        host: baseUrl.hostname,
        port: baseUrl.port,
        method: spec.method,
        path: spec.path,
        headers: { ...(spec.body ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(spec.body) } : {}), ...spec.headers },
        timeout: timeoutMs,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString() }));
        res.on('error', reject);
      },
    );
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', reject);
    if (spec.body) req.write(spec.body);
    req.end();
  });
}

/** A 2xx answer without a GraphQL `errors` member counts as ok; anything else is a failure with a short reason. */
function failureOf(shot: Shot): string | undefined {
  if (shot.status < 200 || shot.status >= 300) return `http ${shot.status}`;
  if (shot.body.startsWith('{"errors"') || shot.body.includes('"errors":[')) {
    const code = /"code":"([A-Z_]+)"/.exec(shot.body)?.[1];
    return `graphql ${code ?? 'error'}`;
  }
  return undefined;
}

export interface OpenLoopOptions {
  baseUrl: string;
  spec: RequestSpec;
  /** Requests per second, sent on a fixed schedule whatever the answers do (open loop). */
  rate: number;
  durationMs: number;
  /** Sockets kept alive to the server. Default 64. */
  sockets?: number;
  timeoutMs?: number;
}

/**
 * Sends `rate` requests per second on a fixed schedule for `durationMs` and measures each latency from the moment
 * the request was DUE, not when it left: a server that stalls is charged for the queue it causes (no coordinated
 * omission, as wrk2 does). Requests beyond the socket pool queue in the agent and are charged the same way.
 */
export async function runOpenLoop(options: OpenLoopOptions): Promise<LoadResult> {
  const agent = new Agent({ keepAlive: true, maxSockets: options.sockets ?? 64 });
  const base = new URL(options.baseUrl);
  const intervalMs = 1000 / options.rate;
  const total = Math.round((options.durationMs / 1000) * options.rate);
  const latenciesMs: number[] = [];
  const failures: Record<string, number> = {};
  let ok = 0;
  const inflight: Promise<void>[] = [];
  const start = performance.now();
  for (let i = 0; i < total; i++) {
    const due = start + i * intervalMs;
    const wait = due - performance.now();
    if (wait > 1) await new Promise((resolve) => setTimeout(resolve, wait));
    inflight.push(
      send(agent, base, options.spec, options.timeoutMs ?? 10_000).then(
        (shot) => {
          const failure = failureOf(shot);
          if (failure) failures[failure] = (failures[failure] ?? 0) + 1;
          else {
            ok++;
            latenciesMs.push(performance.now() - due);
          }
        },
        (error: Error) => {
          failures[error.message] = (failures[error.message] ?? 0) + 1;
        },
      ),
    );
  }
  await Promise.all(inflight);
  const durationMs = performance.now() - start;
  agent.destroy();
  return { latenciesMs, sent: total, ok, failures, durationMs };
}

export interface ClosedLoopOptions {
  baseUrl: string;
  spec: RequestSpec;
  /** Requests in flight at all times. */
  concurrency: number;
  durationMs: number;
  timeoutMs?: number;
}

/** `concurrency` workers each sending the next request as soon as the last is answered: the throughput ceiling. */
export async function runClosedLoop(options: ClosedLoopOptions): Promise<LoadResult> {
  const agent = new Agent({ keepAlive: true, maxSockets: options.concurrency });
  const base = new URL(options.baseUrl);
  const latenciesMs: number[] = [];
  const failures: Record<string, number> = {};
  let ok = 0;
  let sent = 0;
  const start = performance.now();
  const deadline = start + options.durationMs;
  async function worker(): Promise<void> {
    while (performance.now() < deadline) {
      const t0 = performance.now();
      sent++;
      try {
        const shot = await send(agent, base, options.spec, options.timeoutMs ?? 10_000);
        const failure = failureOf(shot);
        if (failure) failures[failure] = (failures[failure] ?? 0) + 1;
        else {
          ok++;
          latenciesMs.push(performance.now() - t0);
        }
      } catch (error) {
        const reason = (error as Error).message;
        failures[reason] = (failures[reason] ?? 0) + 1;
      }
    }
  }
  await Promise.all(Array.from({ length: options.concurrency }, () => worker()));
  const durationMs = performance.now() - start;
  agent.destroy();
  return { latenciesMs, sent, ok, failures, durationMs };
}
