import type { ChainClient } from '../../datasources/chain/createChainClient.js';
import { bloomMayMatchTopics } from '../../datasources/chain/bloom.js';
import type { DecodedEvent } from '../../datasources/chain/decoders/types.js';
import { MalformedRpcResponseError } from '../../datasources/chain/errors.js';
import type { BlockHeader } from '../../datasources/chain/parseBlockHeader.js';
import type { SourceSet } from './createSourceSet.js';
import { fetchRangeEvents } from './fetchRangeEvents.js';

/** What one range yields before it is committed. */
export interface RangeData {
  fromBlock: number;
  toBlock: number;
  /** Headers to store: every block of an unfinalized range; the last block and each block with events otherwise. */
  headers: Map<number, BlockHeader>;
  events: DecodedEvent[];
  undecodable: number;
}

/** The range's first block does not extend the stored chain: a reorg happened at or below `fromBlock - 1`. */
export interface ReorgSignal {
  reorg: true;
}

function range(from: number, to: number): number[] {
  return Array.from({ length: to - from + 1 }, (_, i) => from + i);
}

async function fetchHeaders(client: ChainClient, numbers: number[], into: Map<number, BlockHeader>, timed: <T>(fn: () => Promise<T>) => Promise<T>) {
  const missing = numbers.filter((n) => !into.has(n));
  const headers = await Promise.all(missing.map((n) => timed(() => client.getBlockHeader(n))));
  for (const header of headers) into.set(header.number, header);
}

/**
 * Reads one block range: headers (all of them near the head, where reorgs happen), then the sources' logs,
 * skipping the logs call when no block's bloom can match. Cross-checks that every header links to the one
 * before it and that every log's block hash is the header's; an inconsistent answer is retried, never stored.
 */
export async function readRange(
  client: ChainClient,
  sources: SourceSet,
  fromBlock: number,
  toBlock: number,
  options: { unfinalized: boolean; lastHash: string | null; timed: <T>(fn: () => Promise<T>) => Promise<T> },
): Promise<RangeData | ReorgSignal> {
  const headers = new Map<number, BlockHeader>();
  await fetchHeaders(client, options.unfinalized ? range(fromBlock, toBlock) : [toBlock], headers, options.timed);
  if (options.unfinalized) {
    const first = headers.get(fromBlock)!;
    if (options.lastHash !== null && first.parentHash !== options.lastHash) return { reorg: true };
    for (let n = fromBlock + 1; n <= toBlock; n++) {
      if (headers.get(n)!.parentHash !== headers.get(n - 1)!.hash) throw new MalformedRpcResponseError(`headers ${n - 1}-${n} do not link (reorg under way?)`);
    }
  }
  let events: DecodedEvent[] = [];
  let undecodable = 0;
  if (!sources.isEmpty()) {
    const candidates = options.unfinalized
      ? range(fromBlock, toBlock).filter((n) => {
          const bloom = headers.get(n)!.logsBloom;
          return bloom === null || bloomMayMatchTopics(bloom, sources.allTopics);
        })
      : [fromBlock, toBlock];
    if (candidates.length > 0) {
      const read = await options.timed(() => fetchRangeEvents(client, sources, candidates[0]!, candidates.at(-1)!));
      events = read.events;
      undecodable = read.undecodable;
      await fetchHeaders(client, [...read.logBlockHashes.keys()], headers, options.timed);
      for (const [number, hash] of read.logBlockHashes) {
        if (hash !== headers.get(number)!.hash) throw new MalformedRpcResponseError(`logs of block ${number} carry a block hash its header does not have`);
      }
    }
  }
  return { fromBlock, toBlock, headers, events, undecodable };
}
