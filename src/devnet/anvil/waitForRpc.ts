import { AnvilStartError } from '../errors.js';

const POLL_INTERVAL_MS = 25;

/**
 * Polls `eth_chainId` at `rpcUrl` until it answers, and checks that it is `expectedChainId`.
 * @throws {AnvilStartError} on timeout or on a different chain id.
 */
export async function waitForRpc(rpcUrl: string, expectedChainId: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  while (Date.now() < deadline) {
    try {
      const response = await fetch(rpcUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'eth_chainId', params: [] }),
        signal: AbortSignal.timeout(1_000),
      });
      const body = (await response.json()) as { result?: string };
      if (body.result !== undefined) {
        const chainId = Number(body.result);
        if (chainId !== expectedChainId) {
          throw new AnvilStartError({ details: `Expected chain id ${expectedChainId}, node reports ${chainId}.` });
        }
        return;
      }
      lastError = body;
    } catch (error) {
      if (error instanceof AnvilStartError) throw error;
      lastError = error;
    }
    await new Promise((resolve) => setTimeout(resolve, POLL_INTERVAL_MS));
  }
  throw new AnvilStartError({ cause: lastError, details: `${rpcUrl} did not answer eth_chainId within ${timeoutMs} ms.` });
}
