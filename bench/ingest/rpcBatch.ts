/** One JSON-RPC call of a batch. */
export interface RpcCall {
  method: string;
  params: unknown[];
}

interface RpcAnswer {
  id: number;
  result?: unknown;
  error?: { message: string };
}

/**
 * Sends `calls` as one JSON-RPC batch (one HTTP request) and returns the results in call order.
 * @throws Error naming the first call that failed.
 */
export async function rpcBatch(url: string, calls: readonly RpcCall[]): Promise<unknown[]> {
  if (calls.length === 0) return [];
  const body = JSON.stringify(calls.map((call, id) => ({ jsonrpc: '2.0', id, method: call.method, params: call.params })));
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
  if (!response.ok) throw new Error(`JSON-RPC batch of ${calls.length} failed: HTTP ${response.status}`);
  const answers = (await response.json()) as RpcAnswer[];
  const results = new Array<unknown>(calls.length);
  for (const answer of answers) {
    if (answer.error) throw new Error(`${calls[answer.id]?.method ?? 'call'} #${answer.id}: ${answer.error.message}`);
    results[answer.id] = answer.result;
  }
  return results;
}

/** One JSON-RPC call. */
export async function rpcCall<T>(url: string, method: string, params: unknown[] = []): Promise<T> {
  const [result] = await rpcBatch(url, [{ method, params }]);
  return result as T;
}
