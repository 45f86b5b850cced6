import { Router } from 'express';
import type { ChainRepository } from '../../datasources/db/repositories/chainRepository.js';
import type { MarketRepository } from '../../datasources/db/repositories/marketRepository.js';
import { ErrorCode } from '../../errors/errorCode.js';
import { parseCoinIds, resolveCoins } from './coins.js';
import { sendError } from './restSupport.js';

/** `GET /prices/current/:coins`: current prices of comma-separated `chain:0xaddress` coins (DefiLlama shape). */
export function pricesRoutes(chains: ChainRepository, market: MarketRepository): Router {
  const router = Router();
  router.get('/prices/current/:coins', async (req, res) => {
    const parsed = parseCoinIds(req.params.coins);
    if ('error' in parsed) {
      sendError(res, 400, ErrorCode.BAD_USER_INPUT, parsed.error);
      return;
    }
    // Unknown chains are not an error: like DefiLlama, coins we cannot price are left out of the answer.
    const wanted = await resolveCoins(chains, parsed.ids);
    const rows = await market.getTokens(wanted.map(({ chainId, address }) => ({ chainId, address })));
    const byKey = new Map(rows.map((r) => [`${r.chainId}:${r.address.toLowerCase()}`, r]));
    const coins: Record<string, { decimals?: number; symbol: string; price: number; timestamp: number; confidence: number }> = {};
    for (const w of wanted) {
      const row = byKey.get(`${w.chainId}:${w.address}`);
      if (!row || row.priceUsd === null) continue;
      coins[w.id] = {
        ...(row.decimals === null ? {} : { decimals: row.decimals }),
        symbol: row.symbol ?? '',
        price: row.priceUsd,
        timestamp: Math.floor(row.updatedAt.getTime() / 1000),
        confidence: row.confidence,
      };
    }
    res.json({ coins });
  });
  return router;
}
