/** Topic names: the only place they are spelled. */
export const topics = {
  /** A block was stored for `chainId`. Payload: BlockEvent. */
  blockAdded: (chainId: number) => `block.added.${chainId}`,
  /** A chain's follower status changed. Payload: ChainStatusEvent. */
  chainStatus: () => 'chain.status',
  /** Blocks above `commonAncestor` on `chainId` were orphaned and removed. Payload: ReorgEvent. */
  reorg: (chainId: number) => `chain.reorg.${chainId}`,
  /** Uniswap V2/V3 swaps of one pool. Payload: the decoded swap event. */
  swaps: (chainId: number, pool: string) => `swaps.${chainId}.${pool.toLowerCase()}`,
  /** ERC-20 transfers of one token. Payload: the decoded transfer event. */
  transfers: (chainId: number, token: string) => `transfers.${chainId}.${token.toLowerCase()}`,
  /** Aave V3 events of one market (pool). Payload: the decoded lending event. */
  lending: (chainId: number, pool: string) => `lending.${chainId}.${pool.toLowerCase()}`,
  /** Every decoded event of a chain, for consumers that filter themselves. Payload: the decoded event. */
  events: (chainId: number) => `events.${chainId}`,
  /** A token's USD price or confidence changed on `chainId` (market job). Payload: TokenPriceEvent. */
  tokenPriceUpdated: (chainId: number) => `market.price.${chainId}`,
  /** A protocol's TVL changed on some chain (market job). Payload: ProtocolTvlEvent. */
  protocolTvlUpdated: () => 'market.protocolTvl',
  /** A chain's total TVL or borrowed changed (market job). Payload: ChainTvlEvent. */
  chainTvlUpdated: () => 'market.chainTvl',
  /** The market job stored a new state for a chain (every refresh, changed or not). Payload: MarketUpdatedEvent. */
  marketUpdated: () => 'market.updated',
} as const;
