import type { AbiEvent, Hex } from 'viem';
import { aaveV3Decoders } from './aaveV3Decoders.js';
import type { AnyEventDecoder } from './defineEventDecoder.js';
import { erc20TransferDecoder } from './erc20Decoders.js';
import { answerUpdatedDecoder } from './priceFeedDecoders.js';
import type { DecodedEventKind } from './types.js';
import { uniswapV2Decoders } from './uniswapV2Decoders.js';
import { uniswapV3Decoders } from './uniswapV3Decoders.js';

const ALL_DECODERS: readonly AnyEventDecoder[] = [
  erc20TransferDecoder,
  ...uniswapV2Decoders,
  ...uniswapV3Decoders,
  ...aaveV3Decoders,
  answerUpdatedDecoder,
];

function buildRegistry(): ReadonlyMap<string, AnyEventDecoder> {
  const byTopic = new Map<string, AnyEventDecoder>();
  const kinds = new Set<DecodedEventKind>();
  for (const decoder of ALL_DECODERS) {
    // Two events with one topic0 cannot be told apart by the registry; fail at load, not at run time.
    if (byTopic.has(decoder.topic0)) throw new TypeError(`Duplicate topic0 ${decoder.topic0} (${decoder.kind})`);
    if (kinds.has(decoder.kind)) throw new TypeError(`Duplicate decoder kind ${decoder.kind}`);
    byTopic.set(decoder.topic0, decoder);
    kinds.add(decoder.kind);
  }
  return byTopic;
}

/** Every decoder, by lowercase topic0. */
export const EVENT_DECODERS: ReadonlyMap<string, AnyEventDecoder> = buildRegistry();

/** The topic0 of every event we decode: use as `topics: [INDEXED_TOPICS]` in an `eth_getLogs` filter. */
export const INDEXED_TOPICS: readonly Hex[] = ALL_DECODERS.map((decoder) => decoder.topic0);

/** The ABI items of every event we decode (e.g. for viem's `getLogs({ events })` or `parseEventLogs`). */
export const INDEXED_EVENT_ABIS: readonly AbiEvent[] = ALL_DECODERS.map((decoder) => decoder.abiItem);
