import type { TooManyResultsStyle } from './faultProxyConfig.js';

/** A JSON-RPC request as received (fields the proxy looks at; everything else is forwarded untouched). */
export interface RpcCall {
  jsonrpc?: string;
  id?: string | number | null;
  method?: string;
  params?: unknown;
  [key: string]: unknown;
}

/** A JSON-RPC error object. */
export interface RpcError {
  code: number;
  message: string;
  data?: unknown;
}

/** A JSON-RPC response. */
export interface RpcResponse {
  jsonrpc: '2.0';
  id: string | number | null;
  result?: unknown;
  error?: RpcError;
}

/** A parsed HTTP body: one call or a batch. */
export interface RpcBody {
  calls: RpcCall[];
  batch: boolean;
}

/** Parses a JSON-RPC body; undefined when it is not JSON or not objects (the proxy then forwards it verbatim). */
export function parseRpcBody(text: string): RpcBody | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return undefined;
  }
  const isCall = (value: unknown): value is RpcCall => typeof value === 'object' && value !== null && !Array.isArray(value);
  if (Array.isArray(parsed)) return parsed.length > 0 && parsed.every(isCall) ? { calls: parsed, batch: true } : undefined;
  return isCall(parsed) ? { calls: [parsed], batch: false } : undefined;
}

/** The method names in a parsed body (calls and notifications; responses have none). */
export function methodsOf(body: RpcBody): string[] {
  return body.calls.flatMap((call) => (typeof call.method === 'string' ? [call.method] : []));
}

/** The error every `errorRate` fault answers. */
export const INJECTED_ERROR: Readonly<RpcError> = Object.freeze({ code: -32000, message: 'injected failure' });

/** Builds a JSON-RPC error response to `call`. */
export function errorResponse(call: RpcCall, error: RpcError): RpcResponse {
  return { jsonrpc: '2.0', id: call.id ?? null, error: { ...error } };
}

/**
 * The error providers answer to an eth_getLogs range they refuse, suggesting `[fromBlock, fromBlock + maxBlocks - 1]`:
 * Infura: code -32005, `data: { from, limit: 10000, to }`, "query returned more than 10000 results. Try with this
 * block range [0x.., 0x..]."; Alchemy: code -32602, "Log response size exceeded. You can make eth_getLogs requests
 * with up to a 2K block range ... this block range should work: [0x.., 0x..]".
 */
export function tooManyResultsError(style: TooManyResultsStyle, fromBlock: bigint, maxBlocks: number): RpcError {
  const from = `0x${fromBlock.toString(16)}`;
  const to = `0x${(fromBlock + BigInt(maxBlocks) - 1n).toString(16)}`;
  switch (style) {
    case 'infura':
      return {
        code: -32005,
        message: `query returned more than 10000 results. Try with this block range [${from}, ${to}].`,
        data: { from, limit: 10_000, to },
      };
    case 'alchemy':
      return {
        code: -32602,
        message:
          'Log response size exceeded. You can make eth_getLogs requests with up to a 2K block range and no limit on ' +
          'the response size, or you can request any block range with a cap of 10K logs in the response. Based on ' +
          `your parameters and the response size limit, this block range should work: [${from}, ${to}]`,
      };
    default: {
      const exhaustive: never = style;
      throw new Error(`unknown style ${String(exhaustive)}`);
    }
  }
}

/** An inclusive block range. */
export interface BlockRange {
  fromBlock: bigint;
  toBlock: bigint;
}

/**
 * The block range of an eth_getLogs call, resolving tags: `earliest` is 0, other tags (`latest`, `safe`, ...)
 * and a missing bound are the head from `getHead`. Undefined for a `blockHash` filter or unreadable params.
 */
export async function getLogsRange(call: RpcCall, getHead: () => Promise<bigint>): Promise<BlockRange | undefined> {
  const filter = Array.isArray(call.params) ? (call.params[0] as Record<string, unknown> | undefined) : undefined;
  if (typeof filter !== 'object' || filter === null || filter.blockHash !== undefined) return undefined;
  const resolve = async (tag: unknown): Promise<bigint | undefined> => {
    if (tag === undefined || tag === null) return getHead();
    if (typeof tag !== 'string') return undefined;
    if (/^0x[0-9a-f]+$/i.test(tag)) return BigInt(tag);
    if (tag === 'earliest') return 0n;
    return ['latest', 'pending', 'safe', 'finalized'].includes(tag) ? getHead() : undefined;
  };
  const fromBlock = await resolve(filter.fromBlock);
  const toBlock = await resolve(filter.toBlock);
  return fromBlock === undefined || toBlock === undefined ? undefined : { fromBlock, toBlock };
}

/** JSON-serializable key of a request/response id, for matching batch answers. */
export function idKey(id: unknown): string {
  return JSON.stringify(id ?? null);
}
