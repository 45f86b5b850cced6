import WebSocket from 'ws';
import { startAnvil, type Anvil } from '../../src/devnet/anvil/startAnvil.js';
import { rpc, waitFor } from '../helpers/rpc.js';
import type { RpcResponse } from './faultProxyRpc.js';

/**
 * Init code whose runtime is `PUSH1 0x2a PUSH1 0 PUSH1 0 LOG1 STOP`: every call emits one empty log with
 * topic 0x..2a.
 */
const LOG_EMITTER_INIT_CODE = '0x67602a60006000a10060005260086018f3';

/** An anvil node with a log-emitting contract. */
export interface TestChain {
  anvil: Anvil;
  emitter: `0x${string}`;
  /** Blocks holding one emitter log each. */
  logBlocks: bigint[];
}

/**
 * Starts anvil (automine), deploys the emitter, emits one log in each of `logs` blocks, then mines `extraBlocks`
 * empty blocks.
 */
export async function startTestChain(chainId: number, options: { logs: number; extraBlocks: number }): Promise<TestChain> {
  const anvil = await startAnvil({ chainId });
  const [from] = await rpc<string[]>(anvil.rpcUrl, 'eth_accounts');
  const deployHash = await rpc<string>(anvil.rpcUrl, 'eth_sendTransaction', [{ from, data: LOG_EMITTER_INIT_CODE }]);
  const emitter = (await receipt(anvil.rpcUrl, deployHash)).contractAddress as `0x${string}`;
  const logBlocks: bigint[] = [];
  for (let i = 0; i < options.logs; i++) {
    const hash = await rpc<string>(anvil.rpcUrl, 'eth_sendTransaction', [{ from, to: emitter }]);
    logBlocks.push(BigInt((await receipt(anvil.rpcUrl, hash)).blockNumber));
  }
  if (options.extraBlocks > 0) await rpc(anvil.rpcUrl, 'anvil_mine', [`0x${options.extraBlocks.toString(16)}`]);
  return { anvil, emitter, logBlocks };
}

async function receipt(url: string, hash: string): Promise<{ contractAddress: string | null; blockNumber: string }> {
  return waitFor(() => rpc<{ contractAddress: string | null; blockNumber: string } | null>(url, 'eth_getTransactionReceipt', [hash]), 10_000, `receipt of ${hash}`);
}

/** An HTTP answer, body kept as text (it may be broken JSON). */
export interface RawReply {
  status: number;
  headers: Headers;
  text: string;
}

/** POSTs `body` as JSON. */
export async function postJson(url: string, body: unknown, signal?: AbortSignal): Promise<RawReply> {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body), signal: signal ?? null });
  return { status: response.status, headers: response.headers, text: await response.text() };
}

/** Builds a JSON-RPC call. */
export function call(method: string, params: unknown[] = [], id: number = 1): { jsonrpc: '2.0'; id: number; method: string; params: unknown[] } {
  return { jsonrpc: '2.0', id, method, params };
}

/** A raw WebSocket JSON-RPC client that also reports how its socket closed. */
export interface WsProbe {
  request(method: string, params?: unknown[]): Promise<RpcResponse>;
  /** Resolves with the close code when the socket closes (1006 when it was dropped without a close frame). */
  closed: Promise<number>;
  close(): void;
}

/** Opens a WebSocket to `url` and waits until it is open. */
export async function openWsProbe(url: string): Promise<WsProbe> {
  const socket = new WebSocket(url);
  const closed = new Promise<number>((resolve) => socket.once('close', (code) => resolve(code)));
  socket.on('error', () => undefined);
  await new Promise<void>((resolve, reject) => {
    socket.once('open', () => resolve());
    socket.once('error', reject);
  });
  let nextId = 1;
  return {
    request: (method, params = []) => {
      const id = nextId++;
      return new Promise<RpcResponse>((resolve, reject) => {
        const onMessage = (data: WebSocket.RawData) => {
          const message = JSON.parse(data.toString()) as RpcResponse;
          if (message.id !== id) return;
          socket.off('message', onMessage);
          resolve(message);
        };
        socket.on('message', onMessage);
        void closed.then((code) => reject(new Error(`socket closed (${code}) before answering ${method}`)));
        socket.send(JSON.stringify(call(method, params, id)));
      });
    },
    closed,
    close: () => socket.terminate(),
  };
}
