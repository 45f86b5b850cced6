import type { IncomingMessage, ServerResponse } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { createRandom, type Random } from '../../src/devnet/utils/random.js';
import {
  drawCallFault,
  drawDelayMs,
  drawTransportFault,
  isFaultTarget,
  type CallFault,
  type FaultConfig,
  type TransportFault,
} from './faultProxyConfig.js';
import { corruptResult } from './faultProxyCorrupt.js';
import {
  errorResponse,
  getLogsRange,
  idKey,
  INJECTED_ERROR,
  parseRpcBody,
  tooManyResultsError,
  type RpcBody,
  type RpcCall,
  type RpcResponse,
} from './faultProxyRpc.js';
import { countCall, countFault, type ProxyState, type Upstream } from './faultProxyState.js';

/** Everything random about one HTTP request, drawn synchronously when it arrives (reproducible order). */
interface RequestPlan {
  faults: FaultConfig;
  upstream: Upstream;
  targets: boolean[];
  delayMs: number;
  transport: TransportFault | undefined;
  calls: (CallFault | undefined)[];
  /** Per call: a PRNG for the corruption choice, seeded from the proxy's PRNG at arrival. */
  corruptionRandoms: (Random | undefined)[];
}

interface UpstreamReply {
  status: number;
  contentType: string;
  body: string;
}

class BodyTooLargeError extends Error {
  override name = 'BodyTooLargeError';
}

/** Builds the `request` listener of the proxy's HTTP server (JSON-RPC over POST, single calls and batches). */
export function createHttpHandler(state: ProxyState): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    handleHttp(state, req, res).catch((error: unknown) => {
      if (res.headersSent || state.closing.signal.aborted) {
        res.destroy();
        return;
      }
      const status = error instanceof BodyTooLargeError ? 413 : 502;
      sendBody(res, status, 'text/plain', `fault proxy: ${error instanceof Error ? error.message : String(error)}`);
    });
  };
}

async function handleHttp(state: ProxyState, req: IncomingMessage, res: ServerResponse): Promise<void> {
  if (req.method !== 'POST') return sendBody(res, 405, 'text/plain', 'fault proxy: JSON-RPC needs POST');
  const text = await readBody(req, state.maxBodyBytes);
  const body = parseRpcBody(text);
  if (!body) return relay(res, await forward(state, state.upstream, text));
  for (const call of body.calls) countCall(state, call.method);
  const plan = drawPlan(state, body);

  if (plan.delayMs > 0) {
    countFault(state, 'latency');
    await sleep(plan.delayMs, undefined, { signal: state.closing.signal });
  }
  if (plan.transport) countFault(state, plan.transport);
  switch (plan.transport) {
    case 'timeout':
      return hold(state, res);
    case 'http500':
      return sendBody(res, 500, 'text/plain', 'Internal Server Error (injected by fault proxy)');
    case 'rateLimit':
      return sendBody(res, 429, 'text/plain', 'Too Many Requests (injected by fault proxy)', { 'retry-after': '1' });
    case 'truncate':
    case undefined:
      break;
    default: {
      const exhaustive: never = plan.transport;
      throw new Error(`unknown transport fault ${String(exhaustive)}`);
    }
  }
  const answers = await answerCalls(state, body, plan, text);
  if (!Array.isArray(answers)) return relay(res, answers);
  const json = JSON.stringify(body.batch ? answers : answers[0]);
  // Half of a JSON object or array is never valid JSON: the closing bracket is always cut.
  sendBody(res, 200, 'application/json', plan.transport === 'truncate' ? json.slice(0, Math.floor(json.length / 2)) : json);
}

function drawPlan(state: ProxyState, body: RpcBody): RequestPlan {
  const { faults, random } = state;
  const targets = body.calls.map((call) => isFaultTarget(faults, call.method));
  const anyTarget = targets.includes(true);
  const calls = targets.map((target) => (target ? drawCallFault(faults, random) : undefined));
  return {
    faults,
    upstream: state.upstream,
    targets,
    delayMs: anyTarget ? drawDelayMs(faults, random) : 0,
    transport: anyTarget ? drawTransportFault(faults, random) : undefined,
    calls,
    corruptionRandoms: calls.map((fault) => (fault === 'inconsistent' ? createRandom(random.int(0, 2 ** 32 - 1)) : undefined)),
  };
}

/** Injected answers plus upstream answers in call order; the upstream reply itself when it is not usable JSON-RPC. */
async function answerCalls(state: ProxyState, body: RpcBody, plan: RequestPlan, text: string): Promise<RpcResponse[] | UpstreamReply> {
  const answers: (RpcResponse | undefined)[] = await Promise.all(body.calls.map((call, i) => injectedAnswer(state, plan, call, i)));
  const pending = body.calls.flatMap((_, i) => (answers[i] ? [] : [i]));
  if (pending.length > 0) {
    const reply = await forward(state, plan.upstream, body.batch ? JSON.stringify(pending.map((i) => body.calls[i])) : text);
    const parsed = reply.status === 200 ? tryParseJson(reply.body) : undefined;
    if (!body.batch) {
      if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return reply;
      answers[0] = parsed as RpcResponse;
    } else {
      if (!Array.isArray(parsed)) return reply;
      const byId = new Map<string, RpcResponse[]>();
      for (const response of parsed as RpcResponse[]) byId.set(idKey(response.id), [...(byId.get(idKey(response.id)) ?? []), response]);
      for (const i of pending) answers[i] = byId.get(idKey(body.calls[i]?.id))?.shift();
    }
  }
  for (const [i, call] of body.calls.entries()) answers[i] = finishAnswer(state, plan, call, i, answers[i]);
  return answers.filter((answer): answer is RpcResponse => answer !== undefined);
}

async function injectedAnswer(state: ProxyState, plan: RequestPlan, call: RpcCall, i: number): Promise<RpcResponse | undefined> {
  if (!plan.targets[i]) return undefined;
  const limit = plan.faults.tooManyResultsOverBlocks;
  if (limit !== undefined && call.method === 'eth_getLogs') {
    const range = await getLogsRange(call, () => fetchHead(state, plan.upstream)).catch(() => undefined);
    if (range && range.toBlock - range.fromBlock + 1n > BigInt(limit)) {
      countFault(state, 'tooManyResults');
      return errorResponse(call, tooManyResultsError(plan.faults.tooManyResultsStyle, range.fromBlock, limit));
    }
  }
  if (plan.calls[i] !== 'error') return undefined;
  countFault(state, 'error');
  return errorResponse(call, INJECTED_ERROR);
}

/** Applies an `inconsistent` fault and remembers the head answered to eth_blockNumber. */
function finishAnswer(state: ProxyState, plan: RequestPlan, call: RpcCall, i: number, answer: RpcResponse | undefined): RpcResponse | undefined {
  if (!answer || answer.error !== undefined || answer.result === undefined || typeof call.method !== 'string') return answer;
  let result: unknown = answer.result;
  const random = plan.corruptionRandoms[i];
  if (random) {
    const corrupted = corruptResult(call.method, result, random, state.lastHead);
    if (corrupted) {
      countFault(state, 'inconsistent');
      result = corrupted.result;
    }
  }
  if (call.method === 'eth_blockNumber' && typeof result === 'string') state.lastHead = BigInt(result);
  return result === answer.result ? answer : { ...answer, result };
}

async function fetchHead(state: ProxyState, upstream: Upstream): Promise<bigint> {
  const reply = await forward(state, upstream, JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'eth_blockNumber', params: [] }));
  const parsed = tryParseJson(reply.body) as { result?: unknown } | undefined;
  if (typeof parsed?.result !== 'string') throw new Error(`eth_blockNumber answered ${reply.status} ${reply.body.slice(0, 200)}`);
  return BigInt(parsed.result);
}

async function forward(state: ProxyState, upstream: Upstream, payload: string): Promise<UpstreamReply> {
  const response = await fetch(upstream.httpUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: payload,
    signal: AbortSignal.any([state.closing.signal, AbortSignal.timeout(state.upstreamTimeoutMs)]),
  });
  return { status: response.status, contentType: response.headers.get('content-type') ?? 'application/json', body: await response.text() };
}

function hold(state: ProxyState, res: ServerResponse): void {
  if (state.closing.signal.aborted) {
    res.destroy();
    return;
  }
  state.held.add(res);
  res.once('close', () => state.held.delete(res));
}

async function readBody(req: IncomingMessage, maxBytes: number): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > maxBytes) throw new BodyTooLargeError(`request body exceeds ${maxBytes} bytes`);
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function relay(res: ServerResponse, reply: UpstreamReply): void {
  sendBody(res, reply.status, reply.contentType, reply.body);
}

function sendBody(res: ServerResponse, status: number, contentType: string, body: string, headers: Record<string, string> = {}): void {
  res.writeHead(status, { ...headers, 'content-type': contentType, 'content-length': Buffer.byteLength(body) }).end(body);
}

function tryParseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
