import type { ChainClient } from '../../datasources/chain/createChainClient.js';
import { tryDecodeLog } from '../../datasources/chain/decoders/tryDecodeLog.js';
import type { DecodedEvent } from '../../datasources/chain/decoders/types.js';
import type { ChainLog } from '../../datasources/chain/parseLog.js';
import type { SourceSet } from './createSourceSet.js';

/** Addresses per eth_getLogs call: providers cap the filter size. */
const ADDRESS_CHUNK = 500;

export interface RangeEvents {
  /** Trusted, decoded events in chain order. */
  events: DecodedEvent[];
  /** Block hash each log claimed, by block number: checked against the headers the indexer stores. */
  logBlockHashes: Map<number, string>;
  /** Logs with one of our topics that did not decode (kept out, counted). */
  undecodable: number;
}

function decodeTrusted(chainId: number, logs: ChainLog[], sources: SourceSet, out: RangeEvents): DecodedEvent[] {
  const events: DecodedEvent[] = [];
  for (const log of logs) {
    const known = out.logBlockHashes.get(log.blockNumber);
    if (known && known !== log.blockHash) out.logBlockHashes.set(log.blockNumber, 'inconsistent');
    else out.logBlockHashes.set(log.blockNumber, log.blockHash);
    const result = tryDecodeLog(
      { ...log, blockNumber: BigInt(log.blockNumber), address: log.address as `0x${string}`, topics: log.topics as `0x${string}`[], data: log.data as `0x${string}`, blockHash: log.blockHash as `0x${string}`, transactionHash: log.transactionHash as `0x${string}` },
      chainId,
    );
    if (result.status === 'undecodable') out.undecodable++;
    if (result.status === 'decoded' && sources.accepts(result.event)) events.push(result.event);
  }
  return events;
}

/**
 * Fetches and decodes the range's events: factory events first (to discover new pairs and pools), then the logs
 * of every leaf source including the children found in this very range, so their first events are not missed.
 */
export async function fetchRangeEvents(client: ChainClient, sources: SourceSet, fromBlock: number, toBlock: number): Promise<RangeEvents> {
  const out: RangeEvents = { events: [], logBlockHashes: new Map(), undecodable: 0 };
  const factories = sources.factories();
  if (factories.length > 0) {
    const logs = await client.getLogs({ fromBlock, toBlock, address: factories, topics: [sources.factoryTopics] });
    for (const event of decodeTrusted(client.chainId, logs, sources, out)) {
      sources.adopt(event);
      out.events.push(event);
    }
  }
  const leaves = sources.leaves();
  const chunks: string[][] = [];
  for (let i = 0; i < leaves.length; i += ADDRESS_CHUNK) chunks.push(leaves.slice(i, i + ADDRESS_CHUNK));
  const results = await Promise.all(chunks.map((address) => client.getLogs({ fromBlock, toBlock, address, topics: [sources.leafTopics] })));
  for (const logs of results) out.events.push(...decodeTrusted(client.chainId, logs, sources, out));
  out.events.sort((a, b) => a.blockNumber - b.blockNumber || a.logIndex - b.logIndex);
  return out;
}
