import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postGraphql } from '../helpers/graphqlClients.js';
import { waitFor } from '../helpers/rpc.js';
import { startTestApp, type TestApp } from '../helpers/startTestApp.js';

interface PoolNode { protocol: { slug: string }; tvlUsd: number; reserve0: string; token0: { symbol: string | null; priceUsd: number | null }; token1: { symbol: string | null } }
type PoolsData = { pools: { totalCount: number; nodes: PoolNode[] } };

describe('market data on the embedded platform (devnet with Uniswap V2 and V3)', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({ DEVNET_BLOCK_TIME_MS: '300' });
  });
  afterAll(async () => {
    await t?.stop();
  });

  it('serves priced pools of both Uniswap versions once the worker has indexed them', async () => {
    const query = '{ pools(chainId: 1, first: 100) { totalCount nodes { protocol { slug } tvlUsd reserve0 token0 { symbol priceUsd } token1 { symbol } } } }';
    const pools = await waitFor(async () => {
      const body = (await postGraphql<PoolsData>(t.baseUrl, query)).body;
      const nodes = body.data?.pools.nodes ?? [];
      const slugs = new Set(nodes.filter((n) => n.tvlUsd > 0).map((n) => n.protocol.slug));
      return slugs.has('uniswap-v2') && slugs.has('uniswap-v3') ? nodes : undefined;
    }, 90_000, 'priced V2 and V3 pools');
    for (const pool of pools) expect(BigInt(pool.reserve0)).toBeGreaterThanOrEqual(0n);
    const { body } = await postGraphql<{ tokens: { nodes: { symbol: string; priceUsd: number }[] } }>(t.baseUrl, '{ tokens(chainId: 1, where: { symbol_contains_nocase: "weth" }) { nodes { symbol priceUsd } } }');
    const weth = body.data!.tokens.nodes.find((n) => n.symbol === 'WETH')!;
    expect(Math.abs(weth.priceUsd / 3000 - 1)).toBeLessThan(0.1);
  });

  it('serves protocols as the sum of their pools', async () => {
    const { body } = await postGraphql<{ protocols: { nodes: { slug: string; name: string; tvlUsd: number; chains: string[] }[] } }>(t.baseUrl, '{ protocols { nodes { slug name tvlUsd chains } } }');
    const v2 = body.data!.protocols.nodes.find((p) => p.slug === 'uniswap-v2')!;
    expect(v2).toMatchObject({ name: 'Uniswap V2' });
    expect(v2.tvlUsd).toBeGreaterThan(0);
    expect(v2.chains).toContain('ethereum');
    // createApp mounts the REST router in the API role: the same number over DefiLlama's `/tvl/:slug`.
    const rest = await fetch(`${t.baseUrl}/tvl/uniswap-v2`);
    expect(rest.status).toBe(200);
    expect(await rest.json()).toBe(v2.tvlUsd);
  });
});
