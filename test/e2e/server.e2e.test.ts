import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWsClient, postGraphql, subscribe } from '../helpers/graphqlClients.js';
import { rpc, waitFor } from '../helpers/rpc.js';
import { startTestApp, type TestApp } from '../helpers/startTestApp.js';

interface ChainRow {
  chainId: number;
  name: string;
  headBlock: number | null;
  indexedBlock: number | null;
  lagBlocks: number | null;
  status: string;
}

interface BlockRow {
  chainId: number;
  number: number;
  hash: string;
  parentHash: string;
  timestamp: string;
  miner: string;
  gasUsed: string;
}

describe('the platform on embedded defaults (PGlite, in-process pub/sub, devnet)', () => {
  let t: TestApp;
  let rpcUrlOf: (chainId: number) => string;

  beforeAll(async () => {
    t = await startTestApp({ DEVNET_BLOCK_TIME_MS: '300' });
    const manifest = JSON.parse(readFileSync(join(t.dataDir, 'devnet.json'), 'utf8')) as { chains: { chainId: number; rpcUrl: string }[] };
    rpcUrlOf = (chainId) => manifest.chains.find((c) => c.chainId === chainId)!.rpcUrl;
  });
  afterAll(async () => {
    await t?.stop();
  });

  it('serves { chains } for ethereum and arbitrum with live heads', async () => {
    const chains = await waitFor(async () => {
      const { body } = await postGraphql<{ chains: ChainRow[] }>(t.baseUrl, '{ chains { chainId name headBlock indexedBlock lagBlocks status } }');
      const rows = body.data?.chains ?? [];
      return rows.length === 2 && rows.every((c) => c.status === 'LIVE' && (c.indexedBlock ?? -1) > 0) ? rows : null;
    }, 30_000, 'both chains live');
    expect(chains.map((c) => [c.chainId, c.name])).toEqual([[1, 'ethereum'], [42161, 'arbitrum']]);
    for (const chain of chains) expect(chain.lagBlocks).toBeLessThanOrEqual(2);
  });

  it('streams blockAdded over graphql-ws with the chain\'s own hashes', async () => {
    const client = createWsClient(t.wsUrl);
    const sub = subscribe<{ blockAdded: BlockRow }>(client, 'subscription($c: Int!) { blockAdded(chainId: $c) { chainId number hash parentHash timestamp miner gasUsed } }', { c: 42161 });
    const first = (await sub.next(15_000)).blockAdded;
    const second = (await sub.next(15_000)).blockAdded;
    await sub.close();
    await client.dispose();
    expect(first.chainId).toBe(42161);
    expect(second.number).toBe(first.number + 1);
    expect(second.parentHash).toBe(first.hash);
    const onChain = await rpc<{ hash: string; miner: string }>(rpcUrlOf(42161), 'eth_getBlockByNumber', [`0x${second.number.toString(16)}`, false]);
    expect(second.hash).toBe(onChain.hash);
    expect(second.miner.toLowerCase()).toBe(onChain.miner.toLowerCase());
    expect(second.gasUsed).toMatch(/^\d+$/);
  });

  it('pages blocks newest first with cursors and a total count', async () => {
    const query = 'query($after: String) { blocks(chainId: 1, first: 3, after: $after) { totalCount edges { cursor node { number } } nodes { number } pageInfo { endCursor hasNextPage } } }';
    type Page = { blocks: { totalCount: number; edges: { cursor: string; node: { number: number } }[]; nodes: { number: number }[]; pageInfo: { endCursor: string; hasNextPage: boolean } } };
    const page1 = (await postGraphql<Page>(t.baseUrl, query)).body.data!.blocks;
    const page2 = (await postGraphql<Page>(t.baseUrl, query, { after: page1.pageInfo.endCursor })).body.data!.blocks;
    const n1 = page1.nodes.map((n) => n.number);
    const n2 = page2.nodes.map((n) => n.number);
    expect(n1).toHaveLength(3);
    expect(n1[1]).toBe(n1[0]! - 1);
    expect(n2[0]).toBe(n1[2]! - 1);
    expect(page1.edges.map((e) => e.node.number)).toEqual(n1);
    expect(page1.pageInfo.hasNextPage).toBe(true);
    // totalCount counts the stored blocks (backfilled history keeps only blocks with events): page them all.
    const all = await postGraphql<{ blocks: { totalCount: number; nodes: { number: number }[] } }>(t.baseUrl, '{ blocks(chainId: 1, first: 1000) { totalCount nodes { number } } }');
    const { totalCount, nodes } = all.body.data!.blocks;
    expect(nodes.length).toBeGreaterThanOrEqual(totalCount - 2); // a block or two may land between the two reads
    expect(new Set(nodes.map((n) => n.number)).size).toBe(nodes.length);
  });

  it.each([
    ['a syntax error', '{ chains { ', 400, 'GRAPHQL_PARSE_FAILED'],
    ['an unknown field', '{ chains { nope } }', 400, 'GRAPHQL_VALIDATION_FAILED'],
    ['an unknown chain', '{ chain(chainId: 999) { name } }', 200, 'NOT_FOUND'],
    ['blocks of an unknown chain', '{ blocks(chainId: 999) { totalCount } }', 200, 'NOT_FOUND'],
    ['first over the cap', '{ blocks(chainId: 1, first: 5000) { totalCount } }', 200, 'BAD_USER_INPUT'],
    ['a forged cursor', '{ blocks(chainId: 1, after: "garbage") { totalCount } }', 200, 'BAD_USER_INPUT'],
  ])('answers %s (%s) with HTTP %i and code %s', async (_case, query, status, code) => {
    const response = await postGraphql(t.baseUrl, query);
    expect(response.status).toBe(status);
    expect(response.body.errors?.[0]?.extensions?.code).toBe(code);
  });

  it('answers a malformed JSON body with 400 and a code', async () => {
    const response = await fetch(`${t.baseUrl}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"query": ' });
    expect(response.status).toBe(400);
    expect(((await response.json()) as { errors: { extensions: { code: string } }[] }).errors[0]!.extensions.code).toBe('GRAPHQL_PARSE_FAILED');
  });

  it('rejects a subscription to an unknown chain with NOT_FOUND', async () => {
    const client = createWsClient(t.wsUrl);
    const sub = subscribe(client, 'subscription { blockAdded(chainId: 999) { number } }');
    const errors = (await sub.errors) as { extensions?: { code?: string } }[];
    await client.dispose();
    expect(errors[0]?.extensions?.code).toBe('NOT_FOUND');
  });

  it('reports health, readiness and metrics', async () => {
    expect((await fetch(`${t.baseUrl}/healthz`)).status).toBe(200);
    const ready = await fetch(`${t.baseUrl}/readyz`);
    const body = (await ready.json()) as { status: string; checks: { name: string; ok: boolean }[] };
    expect(ready.status).toBe(200);
    expect(body.checks.map((c) => c.name)).toEqual(['database', 'chain:1', 'chain:42161']);
    const metrics = await (await fetch(`${t.baseUrl}/metrics`)).text();
    expect(metrics).toMatch(/ocs_chain_indexed_block\{chain_id="1",chain="ethereum"\} \d+/);
    expect(metrics).toMatch(/ocs_graphql_requests_total/);
  });
});
