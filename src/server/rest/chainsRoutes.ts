import { Router } from 'express';
import type { ChainRepository } from '../../datasources/db/repositories/chainRepository.js';
import type { MarketRepository } from '../../datasources/db/repositories/marketRepository.js';
import { ErrorCode } from '../../errors/errorCode.js';
import { chainDisplayName, KNOWN_CHAINS, sendError } from './restSupport.js';

/** The registered chain a DefiLlama chain name means: display name (`Ethereum`, `OP Mainnet`) or slug, any case. */
async function findChain(chains: ChainRepository, name: string): Promise<number | null> {
  const wanted = name.trim().toLowerCase();
  const match = (await chains.list()).find((c) => [chainDisplayName(c.chainId, c.name), c.name, KNOWN_CHAINS[c.chainId]?.slug ?? ''].some((n) => n.toLowerCase() === wanted));
  return match?.chainId ?? null;
}

/**
 * `GET /v2/chains`: every registered chain with its TVL (sum of its protocols; 0 before the market job ran).
 * `GET /v2/historicalChainTvl[/:chain]`: daily TVL `[{ date, tvl }]` of one chain or of all, from the daily snapshots
 * (each protocol's last value carried over days it has none); unknown chain -> 404.
 */
export function chainsRoutes(chains: ChainRepository, market: MarketRepository): Router {
  const router = Router();
  const history = async (chainId: number | null) =>
    (await market.getChainTvlSeries(chainId, 'day', null, Math.floor(Date.now() / 1000))).map((p) => ({ date: p.timestampSec, tvl: p.value }));
  router.get('/v2/historicalChainTvl', async (_req, res) => {
    res.json(await history(null));
  });
  router.get('/v2/historicalChainTvl/:chain', async (req, res) => {
    const chainId = await findChain(chains, req.params.chain);
    if (chainId === null) {
      sendError(res, 404, ErrorCode.NOT_FOUND, `chain ${JSON.stringify(req.params.chain.slice(0, 100))} was not found; see /v2/chains for names`);
      return;
    }
    res.json(await history(chainId));
  });
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
