import type { Principal } from '../auth/principal.js';
import type { Logger } from '../common/logger.js';
import type { Loaders } from '../datasources/loaders/createLoaders.js';
import type { ApiKeyRepository } from '../datasources/db/repositories/apiKeyRepository.js';
import type { BlockRepository } from '../datasources/db/repositories/blockRepository.js';
import type { ChainRepository } from '../datasources/db/repositories/chainRepository.js';
import type { MarketRepository } from '../datasources/db/repositories/marketRepository.js';
import type { SwapRepository } from '../datasources/db/repositories/swapRepository.js';
import type { PubSubEngine } from '../pubsub/pubSubEngine.js';
import type { UsageService } from '../usage/createUsageMeter.js';

/** Long-lived dependencies shared by every request. */
export interface Repositories {
  chains: ChainRepository;
  blocks: BlockRepository;
  market: MarketRepository;
  swaps: SwapRepository;
  apiKeys: ApiKeyRepository;
}

/** What every resolver receives; built per HTTP request and per graphql-ws subscription. */
export interface GraphQLContext {
  repos: Repositories;
  loaders: Loaders;
  pubsub: PubSubEngine;
  logger: Logger;
  /** Who is calling (an API key's account, or an anonymous client address) and the tier's limits. */
  principal: Principal;
  /** The caller's usage and live subscriptions (absent on processes that do not meter). */
  usage?: UsageService;
}
