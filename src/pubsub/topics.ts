/** Topic names: the only place they are spelled. */
export const topics = {
  /** A block was stored for `chainId`. Payload: BlockEvent. */
  blockAdded: (chainId: number) => `block.added.${chainId}`,
  /** A chain's follower status changed. Payload: ChainStatusEvent. */
  chainStatus: () => 'chain.status',
  /** Blocks above `commonAncestor` on `chainId` were orphaned and removed. Payload: ReorgEvent. */
  reorg: (chainId: number) => `chain.reorg.${chainId}`,
} as const;
