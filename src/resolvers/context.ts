import type { Logger } from '../common/logger.js';
import type { Loaders } from '../datasources/loaders/createLoaders.js';
import type { BlockRepository } from '../datasources/db/repositories/blockRepository.js';
import type { ChainRepository } from '../datasources/db/repositories/chainRepository.js';
import type { MarketRepository } from '../datasources/db/repositories/marketRepository.js';
import type { PubSubEngine } from '../pubsub/pubSubEngine.js';

/** Long-lived dependencies shared by every request. */
export interface Repositories {
  chains: ChainRepository;
  blocks: BlockRepository;
  market: MarketRepository;
}

/** What every resolver receives; built per HTTP request and per graphql-ws subscription. */
export interface GraphQLContext {
  repos: Repositories;
  loaders: Loaders;
  pubsub: PubSubEngine;
  logger: Logger;
}
