import type { Database } from '../createDatabase.js';

/** Pairs and pools the chain's factories created, as indexed (lowercase addresses). */
export async function listChildren(db: Database, chainId: number): Promise<{ v2Pairs: string[]; v3Pools: string[] }> {
  const [pairs, pools] = await Promise.all([
    db.dataSource.query('SELECT pair FROM uniswap_v2_pairs WHERE chain_id = $1', [chainId]) as Promise<{ pair: string }[]>,
    db.dataSource.query('SELECT pool FROM uniswap_v3_pools WHERE chain_id = $1', [chainId]) as Promise<{ pool: string }[]>,
  ]);
  return { v2Pairs: pairs.map((r) => r.pair), v3Pools: pools.map((r) => r.pool) };
}
