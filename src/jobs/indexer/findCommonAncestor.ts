import type { ChainClient } from '../../datasources/chain/createChainClient.js';
import type { BlockRepository } from '../../datasources/db/repositories/blockRepository.js';
import { ReorgTooDeepError } from './errors.js';

/**
 * Walks back from `fromNumber` until the stored block's hash equals the chain's: that block is the common
 * ancestor. Returns -1 when even the lowest stored block differs within the finality window and the store
 * starts there.
 * @throws ReorgTooDeepError when more than `finalityDepth` blocks would be replaced.
 */
export async function findCommonAncestor(
  client: ChainClient,
  blocks: BlockRepository,
  chainId: number,
  fromNumber: number,
  finalityDepth: number,
): Promise<number> {
  for (let number = fromNumber, depth = 1; number >= 0; number--, depth++) {
    if (depth > finalityDepth + 1) throw new ReorgTooDeepError(chainId, finalityDepth);
    const stored = await blocks.get(chainId, number);
    if (!stored) return number;
    const canonical = await client.getBlockHeader(number);
    if (canonical.hash === stored.hash) return number;
  }
  return -1;
}
