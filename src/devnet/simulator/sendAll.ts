import type { Hash } from 'viem';
import type { TxRequest } from '../activity/createTxSender.js';
import type { SimWorld } from './types.js';

/**
 * Sends `requests` in order through the world's sender: one JSON-RPC batch with `sendMany`, else one by one.
 * A refused transaction is logged (with `what`) and yields undefined at its index.
 */
export async function sendAll(world: SimWorld, requests: readonly TxRequest[], what: string): Promise<(Hash | undefined)[]> {
  if (requests.length === 0) return [];
  const results = world.sender.sendMany ? await world.sender.sendMany(requests) : await sendOneByOne(world, requests);
  return results.map((result, index) => {
    if (!(result instanceof Error)) return result;
    world.logger.warn({ err: result, what, from: requests[index]!.account.address }, 'simulator: send refused');
    return undefined;
  });
}

async function sendOneByOne(world: SimWorld, requests: readonly TxRequest[]): Promise<(Hash | Error)[]> {
  const results: (Hash | Error)[] = [];
  for (const request of requests) {
    results.push(await world.sender.send(request).catch((error: unknown) => (error instanceof Error ? error : new Error(String(error)))));
  }
  return results;
}
