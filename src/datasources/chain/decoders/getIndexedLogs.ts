import { formatLog, numberToHex, type Address, type Hash, type PublicClient } from 'viem';
import { redactUrl } from '../../../errors/baseError.js';
import { RpcRequestError } from '../errors.js';
import { INDEXED_TOPICS } from './eventDecoders.js';
import type { RawLog } from './types.js';

/** Parameters of {@link getIndexedLogs}: a block range (inclusive) or one block by hash. */
export type GetIndexedLogsParameters = ({ fromBlock: bigint; toBlock: bigint } | { blockHash: Hash }) & {
  /** Only logs of these emitters. Default: every contract. */
  address?: Address | readonly Address[];
};

/**
 * Fetches the logs whose topic0 is one we decode (`topics: [INDEXED_TOPICS]`) with a raw `eth_getLogs`, so nothing
 * is dropped or decoded on the way (viem's `getLogs({ events })` would skip logs that fail its own decoding).
 * ERC-721 `Transfer`s come back too (same topic0); `decodeLog` ignores them.
 * @throws RpcRequestError (retryable) when the call fails; `isLogRangeTooLargeError` recognises a range too wide.
 */
export async function getIndexedLogs(publicClient: PublicClient, params: GetIndexedLogsParameters): Promise<RawLog[]> {
  const address = params.address === undefined ? undefined : typeof params.address === 'string' ? params.address : [...params.address];
  const range =
    'blockHash' in params
      ? { blockHash: params.blockHash }
      : { fromBlock: numberToHex(params.fromBlock), toBlock: numberToHex(params.toBlock) };
  try {
    const logs = await publicClient.request({ method: 'eth_getLogs', params: [{ ...range, address, topics: [[...INDEXED_TOPICS]] }] });
    return logs.map((log) => formatLog(log));
  } catch (error) {
    const message = (error as { shortMessage?: string }).shortMessage ?? (error as Error).message;
    throw new RpcRequestError(`eth_getLogs failed: ${message}`.replace(/https?:\/\/\S+/g, (url) => redactUrl(url)), error);
  }
}
