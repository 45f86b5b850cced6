import { Router } from 'express';
import type { Logger } from '../../common/logger.js';
import type { Repositories } from '../../resolvers/context.js';
import { chainsRoutes } from './chainsRoutes.js';
import { chartRoutes } from './chartRoutes.js';
import { pricesRoutes } from './pricesRoutes.js';
import { protocolsRoutes } from './protocolsRoutes.js';
import { restErrorHandler } from './restSupport.js';

/** The DefiLlama-compatible REST endpoints over the repositories (mounted at the root, before GraphQL). */
export function createRestRouter(repos: Pick<Repositories, 'chains' | 'market'>, logger: Logger): Router {
  const router = Router();
  router.use(protocolsRoutes(repos.market));
  router.use(chainsRoutes(repos.chains, repos.market));
  router.use(pricesRoutes(repos.chains, repos.market));
  router.use(chartRoutes(repos.chains, repos.market));
  router.use(restErrorHandler(logger));
  return router;
}
