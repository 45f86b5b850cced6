import { Router } from 'express';
import { getPercentChanges } from '../../analytics/getPercentChanges.js';
import { getProtocolInfo } from '../../config/protocols.js';
import type { MarketRepository, ProtocolTotalsRow } from '../../datasources/db/repositories/marketRepository.js';
import { ErrorCode } from '../../errors/errorCode.js';
import { chainDisplayName, sendError } from './restSupport.js';

const DAY_SEC = 86_400;

function identity(row: ProtocolTotalsRow) {
  const info = getProtocolInfo(row.slug) ?? { slug: row.slug, name: row.slug, category: 'Unknown' };
  return { id: row.slug, name: info.name, slug: row.slug, category: info.category };
}

/** Omits null changes (the spec's `change_1d`/`change_7d` are optional numbers, not nullable). */
function changes(points: { timestampSec: number; value: number }[], current: number): { change_1d?: number; change_7d?: number } {
  const c = getPercentChanges(points, Math.floor(Date.now() / 1000), { currentValue: current });
  return { ...(c.change1d === null ? {} : { change_1d: c.change1d }), ...(c.change7d === null ? {} : { change_7d: c.change7d }) };
}

/** `GET /protocols`, `GET /protocol/:slug`, `GET /tvl/:slug` (DefiLlama shapes). */
export function protocolsRoutes(market: MarketRepository): Router {
  const router = Router();

  router.get('/protocols', async (_req, res) => {
    const [page, perChain] = await Promise.all([
      market.listProtocols({ first: 10_000, offset: 0, orderBy: 'tvlUsd', orderDirection: 'desc' }),
      market.getProtocolChainTvls(),
    ]);
    const snapshots = await market.getTvlSnapshotsSince(page.rows.map((r) => r.slug), Math.floor(Date.now() / 1000) - 9 * DAY_SEC);
    res.json(page.rows.map((row) => {
      const chainTvls: Record<string, number> = {};
      for (const c of perChain.filter((p) => p.slug === row.slug)) chainTvls[chainDisplayName(c.chainId, c.chainName)] = c.tvlUsd;
      return {
        ...identity(row),
        chains: Object.keys(chainTvls),
        tvl: row.tvlUsd,
        chainTvls,
        ...changes(snapshots.get(row.slug) ?? [], row.tvlUsd),
      };
    }));
  });

  router.get('/protocol/:slug', async (req, res) => {
    const slug = req.params.slug;
    const row = await market.getProtocol(slug);
    if (!row) {
      sendError(res, 404, ErrorCode.NOT_FOUND, `protocol ${slug} was not found`);
      return;
    }
    // Daily points (00:00 UTC buckets) as DefiLlama serves them, each chain carried over its gaps to today, so the
    // response stays one point per day and chain however long the hourly history grows.
    const [perChain, snapshots] = await Promise.all([market.getProtocolChainTvls(slug), market.getDailyTvlByChain(slug, Math.floor(Date.now() / 1000))]);
    const names = new Map(perChain.map((c) => [c.chainId, chainDisplayName(c.chainId, c.chainName)]));
    const currentChainTvls: Record<string, number> = {};
    for (const c of perChain) currentChainTvls[chainDisplayName(c.chainId, c.chainName)] = c.tvlUsd;
    const chainTvls: Record<string, { tvl: { date: number; totalLiquidityUSD: number }[] }> = {};
    const total = new Map<number, number>(); // day -> sum over chains (Map keeps the first-seen order: sorted below)
    for (const s of snapshots) {
      const name = names.get(s.chainId) ?? String(s.chainId);
      (chainTvls[name] ??= { tvl: [] }).tvl.push({ date: s.timestampSec, totalLiquidityUSD: s.value });
      total.set(s.timestampSec, (total.get(s.timestampSec) ?? 0) + s.value);
    }
    res.json({
      ...identity(row),
      chains: Object.keys(currentChainTvls),
      tvl: [...total].sort(([a], [b]) => a - b).map(([date, totalLiquidityUSD]) => ({ date, totalLiquidityUSD })),
      currentChainTvls,
      chainTvls,
    });
  });

  router.get('/tvl/:slug', async (req, res) => {
    const row = await market.getProtocol(req.params.slug);
    if (!row) {
      sendError(res, 404, ErrorCode.NOT_FOUND, `protocol ${req.params.slug} was not found`);
      return;
    }
    res.json(row.tvlUsd);
  });

  return router;
}
