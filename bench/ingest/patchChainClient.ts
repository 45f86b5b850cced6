/**
 * Prototypes of two fixes to `src/datasources/chain/createChainClient.ts`, applied around the real client so the
 * benchmark can show their effect without editing src/ (see docs/benchmarks.md, "Backfill throughput").
 *
 * viem's HTTP transport refuses answers above `maxResponseBodySize` (10 MiB by default in viem 2.57) with a
 * `ResponseBodyTooLargeError`. The indexer treats that as a retryable RPC failure, not as "range too large", so a
 * range whose logs exceed 10 MiB (~14k logs) is retried forever at the same size.
 */
import { createPublicClient, http } from 'viem';
import type { ChainConfig } from '../../src/config/chainsFile.js';
import type { ChainClient } from '../../src/datasources/chain/createChainClient.js';
import { MalformedRpcResponseError, RpcRequestError } from '../../src/datasources/chain/errors.js';
import { parseLog } from '../../src/datasources/chain/parseLog.js';

/** How the benchmark builds our RPC client. */
export type ClientPatch = 'none' | 'shrink-on-oversize' | 'large-bodies';

export const CLIENT_PATCHES: readonly ClientPatch[] = ['none', 'shrink-on-oversize', 'large-bodies'];

/** True when viem refused an HTTP answer for its size, anywhere in the cause chain. */
export function isResponseTooLarge(error: unknown): boolean {
  for (let e: unknown = error, depth = 0; e && depth < 8; e = (e as { cause?: unknown }).cause, depth++) {
    if ((e as { name?: string }).name === 'ResponseBodyTooLargeError') return true;
  }
  return false;
}

/**
 * Fix 1: an oversized eth_getLogs answer is reported with a message `isLogRangeTooLargeError` knows
 * ("log response size exceeded"), so the indexer's range sizer halves the range and remembers the ceiling.
 */
function shrinkOnOversize(client: ChainClient): ChainClient {
  return {
    ...client,
    async getLogs(filter) {
      try {
        return await client.getLogs(filter);
      } catch (error) {
        if (!isResponseTooLarge(error)) throw error;
        throw new RpcRequestError(`eth_getLogs(${filter.fromBlock}-${filter.toBlock}): log response size exceeded the HTTP body limit`, error);
      }
    },
  };
}

/** Fix 2: fix 1, plus eth_getLogs through a transport that accepts bodies up to `maxBytes`. */
function largeBodies(client: ChainClient, chain: ChainConfig, maxBytes: number): ChainClient {
  const url = chain.rpcUrls[0];
  if (!url) throw new TypeError('no rpc url');
  const logsClient = createPublicClient({ transport: http(url, { timeout: 30_000, retryCount: 1, retryDelay: 100, maxResponseBodySize: maxBytes }) });
  const toHex = (n: number) => `0x${n.toString(16)}`;
  const hexToBigint = (value: unknown) => (typeof value === 'string' && /^0x[0-9a-fA-F]{1,16}$/.test(value) ? BigInt(value) : undefined);
  return shrinkOnOversize({
    ...client,
    async getLogs(filter) {
      let raw: unknown;
      try {
        raw = await logsClient.request({
          method: 'eth_getLogs',
          params: [{ fromBlock: toHex(filter.fromBlock), toBlock: toHex(filter.toBlock), address: filter.address, topics: filter.topics }],
        } as never);
      } catch (error) {
        throw new RpcRequestError(`eth_getLogs(${filter.fromBlock}-${filter.toBlock}) failed: ${(error as Error).message}`, error);
      }
      if (!Array.isArray(raw)) throw new MalformedRpcResponseError('eth_getLogs did not return a list');
      return raw.map((log: Record<string, unknown>) =>
        parseLog({ ...log, blockNumber: hexToBigint(log.blockNumber), logIndex: hexToBigint(log.logIndex) }, filter.fromBlock, filter.toBlock),
      );
    },
  });
}

/** Applies `patch` to a client built by src's `createChainClient`. */
export function patchChainClient(client: ChainClient, chain: ChainConfig, patch: ClientPatch): ChainClient {
  switch (patch) {
    case 'none':
      return client;
    case 'shrink-on-oversize':
      return shrinkOnOversize(client);
    case 'large-bodies':
      return largeBodies(client, chain, 256 * 1024 * 1024);
    default: {
      const exhaustive: never = patch;
      throw new TypeError(`unknown patch ${String(exhaustive)}`);
    }
  }
}
