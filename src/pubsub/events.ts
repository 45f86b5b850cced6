import type { BlockRecord } from '../datasources/types/blockRecord.js';
import type { ChainStatus } from '../datasources/db/entities/chain.entity.js';

/** Published on `topics.blockAdded(chainId)` after a block is committed. */
export interface BlockEvent extends BlockRecord {
  /** When the worker committed the block (ms since epoch): lets consumers measure delivery latency. */
  indexedAtMs: number;
}

/** Published on `topics.chainStatus()` when a follower's status changes. */
export interface ChainStatusEvent {
  chainId: number;
  status: ChainStatus;
  detail: string | null;
  headBlock: number | null;
  indexedBlock: number | null;
}

/** Published on `topics.tokenPriceUpdated(chainId)` when the market job's price or confidence of a token changes. */
export interface TokenPriceEvent {
  chainId: number;
  address: string;
  symbol: string;
  /** Null when the token lost its trustworthy price. */
  priceUsd: number | null;
  confidence: number;
  blockNumber: number;
}

/** Published on `topics.protocolTvlUpdated()` when a protocol's TVL on a chain changes. */
export interface ProtocolTvlEvent {
  slug: string;
  chainId: number;
  tvlUsd: number;
  borrowedUsd: number;
  blockNumber: number;
}

/** Published on `topics.reorg(chainId)` after the indexer removed the blocks above `commonAncestor`. */
export interface ReorgEvent {
  chainId: number;
  /** The highest block kept; every stored block above it was orphaned and deleted. */
  commonAncestor: number;
  /** How many stored blocks were removed. */
  removed: number;
}

/** Published on `topics.chainTvlUpdated()` when a chain's total TVL or borrowed (sum over its protocols) changes. */
/** The market job replaced a chain's prices, pool and protocol stats (readers drop cached market reads). */
export interface MarketUpdatedEvent {
  chainId: number;
  blockNumber: number;
}

export interface ChainTvlEvent {
  chainId: number;
  tvlUsd: number;
  borrowedUsd: number;
  blockNumber: number;
  /** Chain time of the refresh (the indexed head's timestamp), seconds. */
  timestampSec: number;
}
