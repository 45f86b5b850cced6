import { Router } from 'express';
import type { ChainRepository } from '../../datasources/db/repositories/chainRepository.js';
import type { MarketRepository } from '../../datasources/db/repositories/marketRepository.js';
import { chainDisplayName, KNOWN_CHAINS } from './restSupport.js';

/** `GET /v2/chains`: every registered chain with its TVL (sum of its protocols; 0 before the market job ran). */
export function chainsRoutes(chains: ChainRepository, market: MarketRepository): Router {
  const router = Router();
  router.get('/v2/chains', async (_req, res) => {
    const registered = await chains.list();
    const totals = new Map((await market.getChainTotals(registered.map((c) => c.chainId))).map((t) => [t.chainId, t.tvlUsd]));
    res.json(registered.map((c) => {
      const known = KNOWN_CHAINS[c.chainId];
      return {
        gecko_id: known?.geckoId ?? null,
        tvl: totals.get(c.chainId) ?? 0,
        tokenSymbol: known?.tokenSymbol ?? null,
        cmcId: known?.cmcId ?? null,
        name: chainDisplayName(c.chainId, c.name),
        chainId: c.chainId,
      };
    }));
  });
  return router;
}
