import { createPublicClient, http, toHex } from 'viem';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { rpc } from '../helpers/rpc.js';
import { createFaultProxy, type FaultConfig, type FaultKind, type FaultProxy } from './createFaultProxy.js';
import type { RpcResponse } from './faultProxyRpc.js';
import { call, openWsProbe, postJson, startTestChain, type TestChain } from './faultProxyTestChain.js';

const CHAIN_ID = 31_503;
let chain: TestChain;
const proxies: FaultProxy[] = [];

async function proxyWith(faults: Partial<FaultConfig>, seed?: number): Promise<FaultProxy> {
  const proxy = await createFaultProxy({ upstreamHttpUrl: chain.anvil.rpcUrl, upstreamWsUrl: chain.anvil.wsUrl, faults, ...(seed === undefined ? {} : { seed }) });
  proxies.push(proxy);
  return proxy;
}

type Outcome = 'ok' | Exclude<FaultKind, 'latency' | 'inconsistent' | 'tooManyResults' | 'wsDrop'>;

/** What a client sees for one call (a held request counts as `timeout` after 400 ms). */
async function observe(url: string, body: unknown): Promise<Outcome> {
  try {
    const reply = await postJson(url, body, AbortSignal.timeout(400));
    if (reply.status === 500) return 'http500';
    if (reply.status === 429) return 'rateLimit';
    let parsed: RpcResponse;
    try {
      parsed = JSON.parse(reply.text) as RpcResponse;
    } catch {
      return 'truncate';
    }
    return parsed.error?.message === 'injected failure' ? 'error' : 'ok';
  } catch (error) {
    if ((error as Error).name === 'TimeoutError') return 'timeout';
    throw error;
  }
}

beforeAll(async () => {
  chain = await startTestChain(CHAIN_ID, { logs: 4, extraBlocks: 10 });
});
afterAll(async () => {
  await chain?.anvil.stop();
});
afterEach(async () => {
  await Promise.all(proxies.splice(0).map((proxy) => proxy.close()));
});

describe('each fault at rate 1.0, and only for the filtered methods', () => {
  const target = call('eth_getBlockByNumber', ['0x1', false]);
  const other = call('eth_chainId');
  it.each([
    ['errorRate', 'error'],
    ['http500Rate', 'http500'],
    ['rateLimitRate', 'rateLimit'],
    ['timeoutRate', 'timeout'],
    ['truncateRate', 'truncate'],
  ] as const)('%s gives %s', async (key, outcome) => {
    const proxy = await proxyWith({ [key]: 1 });
    expect(await observe(proxy.httpUrl, other)).toBe(outcome);
    proxy.setFaults({ [key]: 1, methods: ['eth_getBlockByNumber'] });
    expect(await observe(proxy.httpUrl, other)).toBe('ok');
    expect(await observe(proxy.httpUrl, target)).toBe(outcome);
    expect(proxy.stats().injected[outcome]).toBe(2);
    proxy.setFaults({});
    expect(await observe(proxy.httpUrl, target)).toBe('ok');
  });

  it('errorRate answers { code: -32000, message: "injected failure" } with HTTP 200, per call of a batch', async () => {
    const proxy = await proxyWith({ errorRate: 1, methods: ['eth_getLogs'] });
    const reply = await postJson(proxy.httpUrl, [call('eth_chainId', [], 1), call('eth_getLogs', [{ fromBlock: '0x1' }], 2)]);
    expect(reply.status).toBe(200);
    expect(JSON.parse(reply.text)).toEqual([
      { jsonrpc: '2.0', id: 1, result: toHex(CHAIN_ID) },
      { jsonrpc: '2.0', id: 2, error: { code: -32000, message: 'injected failure' } },
    ]);
    const client = createPublicClient({ transport: http(proxy.httpUrl, { retryCount: 0 }), cacheTime: 0 });
    await expect(client.getLogs({ fromBlock: 1n })).rejects.toThrow(/injected failure/);
    expect(await client.getChainId()).toBe(CHAIN_ID);
  });

  it('http500Rate answers 500 with a body; rateLimitRate answers 429 with Retry-After: 1', async () => {
    const proxy = await proxyWith({ http500Rate: 1 });
    const failed = await postJson(proxy.httpUrl, call('eth_chainId'));
    expect(failed.status).toBe(500);
    expect(failed.text).toMatch(/Internal Server Error/);
    proxy.setFaults({ rateLimitRate: 1 });
    const limited = await postJson(proxy.httpUrl, call('eth_chainId'));
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('1');
  });

  it('truncateRate sends the first half of the real JSON body with HTTP 200', async () => {
    const proxy = await proxyWith({ truncateRate: 1 });
    const full = JSON.stringify(JSON.parse((await postJson(chain.anvil.rpcUrl, target)).text));
    const reply = await postJson(proxy.httpUrl, target);
    expect(reply.status).toBe(200);
    expect(reply.text).toBe(full.slice(0, Math.floor(full.length / 2)));
    expect(() => JSON.parse(reply.text)).toThrow(SyntaxError);
  });

  it('latencyMs + jitterMs delay the answer by latency plus [0, jitter)', async () => {
    const proxy = await proxyWith({ latencyMs: 150, jitterMs: 100 });
    for (let i = 0; i < 3; i++) {
      const startedAt = performance.now();
      expect(await observe(proxy.httpUrl, other)).toBe('ok');
      const elapsedMs = performance.now() - startedAt;
      expect(elapsedMs).toBeGreaterThanOrEqual(145);
      expect(elapsedMs).toBeLessThan(1_000); // the [0, jitter) bound is checked exactly in faultProxyConfig.test.ts
    }
    expect(proxy.stats().injected.latency).toBe(3);
  });

  it('inconsistentRate alters exactly one of hash, parentHash, number of a block', async () => {
    const proxy = await proxyWith({ inconsistentRate: 1 });
    const params = [toHex(chain.logBlocks[1]!), false];
    const real = await rpc<Record<string, string>>(chain.anvil.rpcUrl, 'eth_getBlockByNumber', params);
    const changedFields = new Set<string>();
    for (let i = 0; i < 20; i++) {
      const method = i % 2 === 0 ? 'eth_getBlockByNumber' : 'eth_getBlockByHash';
      const got = (JSON.parse((await postJson(proxy.httpUrl, call(method, i % 2 === 0 ? params : [real.hash, false]))).text) as RpcResponse)
        .result as Record<string, string>;
      const changed = ['hash', 'parentHash', 'number'].filter((key) => got[key] !== real[key]);
      expect(changed).toHaveLength(1);
      const field = changed[0]!;
      if (field === 'number') expect([1n, -1n]).toContain(BigInt(got.number!) - BigInt(real.number!));
      expect({ ...got, [field]: real[field] }).toEqual(real);
      changedFields.add(field);
    }
    expect([...changedFields].sort()).toEqual(['hash', 'number', 'parentHash']);
    expect(proxy.stats().injected.inconsistent).toBe(20);
  });

  it('inconsistentRate drops a log or alters one blockHash, and moves eth_blockNumber backwards', async () => {
    const proxy = await proxyWith({ inconsistentRate: 1 });
    const filter = { address: chain.emitter, fromBlock: '0x0', toBlock: 'latest' };
    const real = await rpc<{ blockHash: string }[]>(chain.anvil.rpcUrl, 'eth_getLogs', [filter]);
    expect(real).toHaveLength(4);
    const kinds = new Set<string>();
    for (let i = 0; i < 12; i++) {
      const got = (JSON.parse((await postJson(proxy.httpUrl, call('eth_getLogs', [filter]))).text) as RpcResponse).result as { blockHash: string }[];
      if (got.length === real.length - 1) {
        kinds.add('drop');
        for (const log of got) expect(real).toContainEqual(log);
      } else {
        kinds.add('blockHash');
        expect(got.filter((log, j) => log.blockHash !== real[j]!.blockHash)).toHaveLength(1);
      }
    }
    expect(kinds).toEqual(new Set(['drop', 'blockHash']));

    let previous = BigInt(await rpc<string>(chain.anvil.rpcUrl, 'eth_blockNumber'));
    for (let i = 0; i < 3; i++) {
      const head = BigInt((JSON.parse((await postJson(proxy.httpUrl, call('eth_blockNumber'))).text) as RpcResponse).result as string);
      expect(head).toBeLessThan(previous);
      previous = head;
    }
  });

  it('wsDropRate terminates the client socket instead of forwarding, in both directions', async () => {
    const proxy = await proxyWith({ wsDropRate: 1, methods: ['eth_getLogs'] });
    const probe = await openWsProbe(proxy.wsUrl);
    expect((await probe.request('eth_chainId')).result).toBe(toHex(CHAIN_ID));
    await expect(probe.request('eth_getLogs', [{ fromBlock: '0x1' }])).rejects.toThrow(/socket closed \(1006\)/);

    // Upstream to client: the subscription answer passes, its first notification kills the socket.
    proxy.setFaults({ wsDropRate: 1, methods: ['eth_subscription'] });
    const subscriber = await openWsProbe(proxy.wsUrl);
    expect((await subscriber.request('eth_subscribe', ['newHeads'])).result).toMatch(/^0x/);
    await rpc(chain.anvil.rpcUrl, 'evm_mine');
    expect(await subscriber.closed).toBe(1006);
    expect(proxy.stats().injected.wsDrop).toBe(2);
  });
});

describe('rates and seeds', () => {
  it.each([
    ['errorRate', 'error'],
    ['http500Rate', 'http500'],
    ['truncateRate', 'truncate'],
  ] as const)('%s 0.3 injects %s in 35-85 of 200 requests', async (key, outcome) => {
    const proxy = await proxyWith({ [key]: 0.3 }, 7);
    let observed = 0;
    for (let i = 0; i < 200; i++) if ((await observe(proxy.httpUrl, call('eth_chainId'))) === outcome) observed++;
    expect(observed).toBe(proxy.stats().injected[outcome]);
    expect(observed).toBeGreaterThanOrEqual(35);
    expect(observed).toBeLessThanOrEqual(85);
  });

  it('the same seed gives the same sequence of faults, another seed another one', async () => {
    const sequence = async (seed: number) => {
      const proxy = await proxyWith({ errorRate: 0.3, http500Rate: 0.2, truncateRate: 0.2 }, seed);
      const outcomes: Outcome[] = [];
      for (let i = 0; i < 40; i++) outcomes.push(await observe(proxy.httpUrl, call('eth_chainId')));
      return outcomes;
    };
    const first = await sequence(42);
    expect(await sequence(42)).toEqual(first);
    expect(await sequence(43)).not.toEqual(first);
    expect(new Set(first)).toEqual(new Set(['ok', 'error', 'http500', 'truncate']));
  });
});
