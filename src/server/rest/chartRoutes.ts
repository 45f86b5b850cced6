import { Router } from 'express';
import type { ChainRepository } from '../../datasources/db/repositories/chainRepository.js';
import type { MarketRepository } from '../../datasources/db/repositories/marketRepository.js';
import { ErrorCode } from '../../errors/errorCode.js';
import { MAX_CHART_LOOKUPS, parseChartQuery } from './chartParams.js';
import { parseCoinIds, resolveCoins } from './coins.js';
import { sendError } from './restSupport.js';

interface ChartCoin {
  decimals?: number;
  symbol: string;
  confidence: number;
  prices: { timestamp: number; price: number }[];
}

/**
 * `GET /chart/:coins?start&end&span&period&searchWidth`: prices of `chain:0xaddress` coins at regular times
 * (DefiLlama shape). Each point is the hourly snapshot nearest the sample time within searchWidth, stamped with its
 * bucket start; a snapshot is listed once even when several sample times pick it. Coins on unknown chains, unknown
 * tokens and coins without any point are left out; `symbol`, `decimals` and `confidence` are the current ones.
 */
export function chartRoutes(chains: ChainRepository, market: MarketRepository): Router {
  const router = Router();
  router.get('/chart/:coins', async (req, res) => {
    const parsed = parseCoinIds(req.params.coins);
    if ('error' in parsed) {
      sendError(res, 400, ErrorCode.BAD_USER_INPUT, parsed.error);
      return;
    }
    const request = parseChartQuery(req.query as Record<string, unknown>, Math.floor(Date.now() / 1000));
    if ('error' in request) {
      sendError(res, 400, ErrorCode.BAD_USER_INPUT, request.error);
      return;
    }
    if (parsed.ids.length * request.timestampsSec.length > MAX_CHART_LOOKUPS) {
      sendError(res, 400, ErrorCode.BAD_USER_INPUT, `coins x points must be at most ${MAX_CHART_LOOKUPS} (got ${parsed.ids.length} x ${request.timestampsSec.length})`);
      return;
    }
    const wanted = await resolveCoins(chains, parsed.ids);
    const keys = wanted.map(({ chainId, address }) => ({ chainId, address }));
    const [tokens, points] = await Promise.all([market.getTokens(keys), market.getPricesNear(keys, request.timestampsSec, request.searchWidthSec)]);
    const tokenByKey = new Map(tokens.map((t) => [`${t.chainId}:${t.address}`, t]));
    const coins: Record<string, ChartCoin> = {};
    for (const point of points) {
      const w = wanted[point.coin]!;
      const token = tokenByKey.get(`${w.chainId}:${w.address}`);
      if (!token) continue;
      const coin = (coins[w.id] ??= {
        ...(token.decimals === null ? {} : { decimals: token.decimals }), symbol: token.symbol ?? '', confidence: token.confidence, prices: [],
      });
      if (coin.prices.at(-1)?.timestamp !== point.timestampSec) coin.prices.push({ timestamp: point.timestampSec, price: point.price });
    }
    res.json({ coins });
  });
  return router;
}
