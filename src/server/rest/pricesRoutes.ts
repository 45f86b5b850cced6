import { Router } from 'express';
import type { ChainRepository } from '../../datasources/db/repositories/chainRepository.js';
import type { MarketRepository } from '../../datasources/db/repositories/marketRepository.js';
import { ErrorCode } from '../../errors/errorCode.js';
import { KNOWN_CHAINS, sendError } from './restSupport.js';

/** Most coins one `/prices/current` request may ask for. */
export const MAX_COINS = 100;
const COIN = /^([a-z0-9-]+):(0x[0-9a-fA-F]{40})$/;

/** `GET /prices/current/:coins`: current prices of comma-separated `chain:0xaddress` coins (DefiLlama shape). */
export function pricesRoutes(chains: ChainRepository, market: MarketRepository): Router {
  const router = Router();
  router.get('/prices/current/:coins', async (req, res) => {
    const ids = req.params.coins.split(',').map((s) => s.trim()).filter((s) => s.length > 0);
    if (ids.length === 0 || ids.length > MAX_COINS) {
      sendError(res, 400, ErrorCode.BAD_USER_INPUT, `coins: between 1 and ${MAX_COINS} comma-separated chain:address ids (got ${ids.length})`);
      return;
    }
    const bad = ids.find((id) => !COIN.test(id));
    if (bad !== undefined) {
      sendError(res, 400, ErrorCode.BAD_USER_INPUT, `coins: ${JSON.stringify(bad.slice(0, 100))} is not chain:0x followed by 40 hex digits`);
      return;
    }
    const chainBySlug = new Map<string, number>();
    for (const c of await chains.list()) {
      chainBySlug.set(c.name.toLowerCase(), c.chainId);
      const known = KNOWN_CHAINS[c.chainId];
      if (known) chainBySlug.set(known.slug, c.chainId);
    }
    // Unknown chains are not an error: like DefiLlama, coins we cannot price are left out of the answer.
    const wanted = ids.flatMap((id) => {
      const [, chain, address] = COIN.exec(id)!;
      const chainId = chainBySlug.get(chain!);
      return chainId === undefined ? [] : [{ id, chainId, address: address!.toLowerCase() }];
    });
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
