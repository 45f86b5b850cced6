import type { ChainSources } from '../../config/chainsFile.js';
import { EVENT_DECODERS } from '../../datasources/chain/decoders/eventDecoders.js';
import type { DecodedEvent, DecodedEventKind } from '../../datasources/chain/decoders/types.js';

const topicOfKind = new Map<DecodedEventKind, string>([...EVENT_DECODERS.entries()].map(([topic, decoder]) => [decoder.kind, topic]));

function topics(...kinds: DecodedEventKind[]): string[] {
  return kinds.map((kind) => {
    const topic = topicOfKind.get(kind);
    if (!topic) throw new TypeError(`no decoder for ${kind}`);
    return topic;
  });
}

const FACTORY_TOPICS = topics('uniswapV2PairCreated', 'uniswapV3PoolCreated');
const LEAF_TOPICS = topics(
  'erc20Transfer',
  'uniswapV2Sync', 'uniswapV2Swap', 'uniswapV2Mint', 'uniswapV2Burn',
  'uniswapV3Initialize', 'uniswapV3Swap', 'uniswapV3Mint', 'uniswapV3Burn', 'uniswapV3Collect',
  'aaveV3Supply', 'aaveV3Withdraw', 'aaveV3Borrow', 'aaveV3Repay', 'aaveV3LiquidationCall', 'aaveV3ReserveDataUpdated',
  'priceFeedAnswerUpdated',
);

/** Pairs and pools already discovered (from the database) when the indexer starts. */
export interface KnownChildren {
  v2Pairs: readonly string[];
  v3Pools: readonly string[];
}

/**
 * The emitters the indexer trusts on one chain: configured roots (tokens, factories, Aave pools, feeds) plus the
 * pairs and pools their factories created. Anyone can emit a `Swap`, so a decoded event is kept only when its
 * emitter is the right kind of source.
 */
export function createSourceSet(sources: ChainSources, known: KnownChildren) {
  const tokens = new Set(sources.tokens);
  const v2Factories = new Set(sources.uniswapV2Factories);
  const v3Factories = new Set(sources.uniswapV3Factories);
  const aavePools = new Set(sources.aaveV3Pools);
  const feeds = new Set(sources.priceFeeds);
  const v2Pairs = new Set(known.v2Pairs);
  const v3Pools = new Set(known.v3Pools);

  function accepts(event: DecodedEvent): boolean {
    const from = event.address;
    switch (event.kind) {
      case 'erc20Transfer':
        return tokens.has(from);
      case 'uniswapV2PairCreated':
        return v2Factories.has(from);
      case 'uniswapV2Sync':
      case 'uniswapV2Swap':
      case 'uniswapV2Mint':
      case 'uniswapV2Burn':
        return v2Pairs.has(from);
      case 'uniswapV3PoolCreated':
        return v3Factories.has(from);
      case 'uniswapV3Initialize':
      case 'uniswapV3Swap':
      case 'uniswapV3Mint':
      case 'uniswapV3Burn':
      case 'uniswapV3Collect':
        return v3Pools.has(from);
      case 'aaveV3Supply':
      case 'aaveV3Withdraw':
      case 'aaveV3Borrow':
      case 'aaveV3Repay':
      case 'aaveV3LiquidationCall':
      case 'aaveV3ReserveDataUpdated':
        return aavePools.has(from);
      case 'priceFeedAnswerUpdated':
        return feeds.has(from);
      default: {
        const exhaustive: never = event;
        throw new TypeError(`unhandled event ${(exhaustive as DecodedEvent).kind}`);
      }
    }
  }

  return {
    factoryTopics: FACTORY_TOPICS,
    leafTopics: LEAF_TOPICS,
    /** Every topic0 this chain's sources can emit (for the logs-bloom skip test). */
    allTopics: [...FACTORY_TOPICS, ...LEAF_TOPICS],
    factories: (): string[] => [...v2Factories, ...v3Factories],
    leaves: (): string[] => [...tokens, ...aavePools, ...feeds, ...v2Pairs, ...v3Pools],
    isEmpty: (): boolean => v2Factories.size + v3Factories.size + tokens.size + aavePools.size + feeds.size + v2Pairs.size + v3Pools.size === 0,
    accepts,
    /** Registers the child a trusted factory event created; returns true when it is new. */
    adopt(event: DecodedEvent): boolean {
      const [set, child] =
        event.kind === 'uniswapV2PairCreated' ? [v2Pairs, event.pair] : event.kind === 'uniswapV3PoolCreated' ? [v3Pools, event.pool] : [undefined, ''];
      if (!set || set.has(child)) return false;
      set.add(child);
      return true;
    },
    /** Forgets children created above a height (reorg): the caller passes those it removed from the database. */
    forget(children: KnownChildren): void {
      for (const pair of children.v2Pairs) v2Pairs.delete(pair);
      for (const pool of children.v3Pools) v3Pools.delete(pool);
    },
  };
}

export type SourceSet = ReturnType<typeof createSourceSet>;
