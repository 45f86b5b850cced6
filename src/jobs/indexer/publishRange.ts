import type { BlockHeader } from '../../datasources/chain/parseBlockHeader.js';
import type { DecodedEvent } from '../../datasources/chain/decoders/types.js';
import type { BlockEvent } from '../../pubsub/events.js';
import type { PubSubEngine } from '../../pubsub/pubSubEngine.js';
import { topics } from '../../pubsub/topics.js';

/** The topic a decoded event goes to, besides the chain-wide `events` topic. */
function topicOf(chainId: number, event: DecodedEvent): string | undefined {
  switch (event.kind) {
    case 'uniswapV2Swap':
    case 'uniswapV3Swap':
      return topics.swaps(chainId, event.address);
    case 'erc20Transfer':
      return topics.transfers(chainId, event.address);
    case 'aaveV3Supply':
    case 'aaveV3Withdraw':
    case 'aaveV3Borrow':
    case 'aaveV3Repay':
    case 'aaveV3LiquidationCall':
    case 'aaveV3ReserveDataUpdated':
      return topics.lending(chainId, event.address);
    case 'uniswapV2PairCreated':
    case 'uniswapV2Sync':
    case 'uniswapV2Mint':
    case 'uniswapV2Burn':
    case 'uniswapV3PoolCreated':
    case 'uniswapV3Initialize':
    case 'uniswapV3Mint':
    case 'uniswapV3Burn':
    case 'uniswapV3Collect':
    case 'priceFeedAnswerUpdated':
      return undefined;
    default: {
      const exhaustive: never = event;
      throw new TypeError(`unhandled event ${(exhaustive as DecodedEvent).kind}`);
    }
  }
}

/** Publishes a committed range near the head: each block in order, then its decoded events. */
export async function publishRange(pubsub: PubSubEngine, chainId: number, headers: BlockHeader[], events: DecodedEvent[]): Promise<void> {
  const indexedAtMs = Date.now();
  for (const { logsBloom: _bloom, ...header } of headers) {
    const event: BlockEvent = { ...header, indexedAtMs };
    await pubsub.publish(topics.blockAdded(chainId), event);
  }
  for (const event of events) {
    await pubsub.publish(topics.events(chainId), event);
    const topic = topicOf(chainId, event);
    if (topic) await pubsub.publish(topic, event);
  }
}
