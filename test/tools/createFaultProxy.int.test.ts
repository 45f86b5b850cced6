import { createPublicClient, http, toHex, webSocket } from 'viem';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { isLogRangeTooLargeError, suggestedRangeSize } from '../../src/datasources/chain/logRange.js';
import { rpc, waitFor } from '../helpers/rpc.js';
import { createFaultProxy, type CreateFaultProxyOptions, type FaultProxy } from './createFaultProxy.js';
import type { RpcResponse } from './faultProxyRpc.js';
import { NonLoopbackUpstreamError } from './faultProxyState.js';
import { call, openWsProbe, postJson, startTestChain, type TestChain } from './faultProxyTestChain.js';

const CHAIN_A = 31_501;
const CHAIN_B = 31_502;
let a: TestChain;
let b: TestChain;
const proxies: FaultProxy[] = [];

async function proxyTo(chain: TestChain, options: Partial<CreateFaultProxyOptions> = {}): Promise<FaultProxy> {
  const proxy = await createFaultProxy({ upstreamHttpUrl: chain.anvil.rpcUrl, upstreamWsUrl: chain.anvil.wsUrl, ...options });
  proxies.push(proxy);
  return proxy;
}

function httpClient(url: string) {
  return createPublicClient({ transport: http(url, { retryCount: 0, timeout: 5_000 }), cacheTime: 0 });
}

beforeAll(async () => {
  [a, b] = await Promise.all([
    startTestChain(CHAIN_A, { logs: 3, extraBlocks: 150 }),
    startTestChain(CHAIN_B, { logs: 1, extraBlocks: 300 }),
  ]);
});
afterAll(async () => {
  await Promise.all([a?.anvil.stop(), b?.anvil.stop()]);
});
afterEach(async () => {
  await Promise.all(proxies.splice(0).map((proxy) => proxy.close()));
});

describe('createFaultProxy() without faults', () => {
  it('answers getBlockNumber, getBlock, getLogs and a batch exactly like the node', async () => {
    const proxy = await proxyTo(a);
    const direct = httpClient(a.anvil.rpcUrl);
    const proxied = httpClient(proxy.httpUrl);

    expect(proxy.httpUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(await proxied.getBlockNumber()).toBe(await direct.getBlockNumber());
    const blockNumber = a.logBlocks[1]!;
    expect(await proxied.getBlock({ blockNumber })).toEqual(await direct.getBlock({ blockNumber }));
    const logs = await proxied.getLogs({ address: a.emitter, fromBlock: 0n, toBlock: 'latest' });
    expect(logs).toHaveLength(3);
    expect(logs).toEqual(await direct.getLogs({ address: a.emitter, fromBlock: 0n, toBlock: 'latest' }));

    const batch = [call('eth_chainId', [], 1), call('eth_blockNumber', [], 2), call('eth_getBlockByNumber', ['0x1', false], 3)];
    const [viaProxy, viaNode] = await Promise.all([postJson(proxy.httpUrl, batch), postJson(a.anvil.rpcUrl, batch)]);
    expect(viaProxy.status).toBe(200);
    expect(JSON.parse(viaProxy.text)).toEqual(JSON.parse(viaNode.text));
    expect(proxy.stats()).toMatchObject({ requests: 6, byMethod: { eth_blockNumber: 2, eth_getBlockByNumber: 2, eth_getLogs: 1, eth_chainId: 1 } });
    expect(Object.values(proxy.stats().injected).every((count) => count === 0)).toBe(true);
  });

  it('pipes a WebSocket newHeads subscription (viem watchBlockNumber)', async () => {
    const proxy = await proxyTo(a);
    const client = createPublicClient({ transport: webSocket(proxy.wsUrl) });
    const seen: bigint[] = [];
    const unwatch = client.watchBlockNumber({ onBlockNumber: (blockNumber) => seen.push(blockNumber) });
    try {
      await waitFor(() => proxy.stats().byMethod.eth_subscribe === 1, 5_000, 'eth_subscribe through the proxy');
      const head = await waitFor(async () => {
        await rpc(a.anvil.rpcUrl, 'evm_mine');
        const latest = await httpClient(a.anvil.rpcUrl).getBlockNumber();
        return seen.includes(latest) ? latest : undefined;
      }, 10_000, 'a mined block over the proxied subscription');
      expect(seen.at(-1)).toBe(head);
    } finally {
      unwatch();
      (await client.transport.getRpcClient()).close();
    }
  });
});

describe('tooManyResultsOverBlocks', () => {
  it('answers the Infura error only when the range exceeds the limit, with tags resolved', async () => {
    const proxy = await proxyTo(a, { faults: { tooManyResultsOverBlocks: 100 } });
    const client = httpClient(proxy.httpUrl);
    expect(await client.getLogs({ address: a.emitter, fromBlock: 1n, toBlock: 100n })).toHaveLength(3);

    const error = await client.getLogs({ address: a.emitter, fromBlock: 1n, toBlock: 101n }).catch((e: unknown) => e);
    expect(isLogRangeTooLargeError(error)).toBe(true);
    expect(suggestedRangeSize(error)).toBe(100);
    const reply = await postJson(proxy.httpUrl, call('eth_getLogs', [{ fromBlock: '0x1', toBlock: '0x65' }], 9));
    expect(reply.status).toBe(200);
    expect(JSON.parse(reply.text)).toEqual({
      jsonrpc: '2.0',
      id: 9,
      error: { code: -32005, message: 'query returned more than 10000 results. Try with this block range [0x1, 0x64].', data: { from: '0x1', limit: 10_000, to: '0x64' } },
    });
    // earliest..latest spans the whole chain (> 150 blocks); a blockHash filter has no range.
    const tagged = JSON.parse((await postJson(proxy.httpUrl, call('eth_getLogs', [{ fromBlock: 'earliest' }]))).text) as RpcResponse;
    expect(tagged.error?.code).toBe(-32005);
    const { hash } = await client.getBlock({ blockNumber: a.logBlocks[0]! });
    expect(await client.getLogs({ blockHash: hash! })).toHaveLength(1);
    expect(proxy.stats().injected.tooManyResults).toBe(3);
  });

  it('answers the Alchemy wording when tooManyResultsStyle is alchemy', async () => {
    const proxy = await proxyTo(a, { faults: { tooManyResultsOverBlocks: 2_000, tooManyResultsStyle: 'alchemy' } });
    const reply = JSON.parse((await postJson(proxy.httpUrl, call('eth_getLogs', [{ fromBlock: '0x0', toBlock: '0x7d0' }]))).text) as RpcResponse;
    expect(reply.error?.code).toBe(-32602);
    expect(reply.error?.message).toMatch(/^Log response size exceeded\. You can make eth_getLogs requests with up to a 2K block range .*\[0x0, 0x7cf\]$/);
    const error = await httpClient(proxy.httpUrl).getLogs({ fromBlock: 0n, toBlock: 2_000n }).catch((e: unknown) => e);
    expect(isLogRangeTooLargeError(error)).toBe(true);
    expect(suggestedRangeSize(error)).toBe(2_000);
  });
});

describe('setUpstream()', () => {
  it('switches answers to the other node and drops WebSockets, which reconnect to it', async () => {
    const proxy = await proxyTo(a);
    const client = httpClient(proxy.httpUrl);
    expect(await client.getChainId()).toBe(CHAIN_A);
    const hashOnA = (await client.getBlock({ blockNumber: 1n })).hash;
    const probe = await openWsProbe(proxy.wsUrl);
    expect((await probe.request('eth_chainId')).result).toBe(toHex(CHAIN_A));
    const viemWs = createPublicClient({ transport: webSocket(proxy.wsUrl, { reconnect: { delay: 100, attempts: 20 } }) });
    const heads: bigint[] = [];
    const unwatch = viemWs.watchBlockNumber({ onBlockNumber: (n) => heads.push(n), onError: () => undefined });
    try {
      await waitFor(() => proxy.stats().byMethod.eth_subscribe === 1, 5_000, 'first eth_subscribe');

      proxy.setUpstream({ httpUrl: b.anvil.rpcUrl, wsUrl: b.anvil.wsUrl });
      expect(await probe.closed).toBe(1006);
      expect(await client.getChainId()).toBe(CHAIN_B);
      expect((await client.getBlock({ blockNumber: 1n })).hash).not.toBe(hashOnA);
      const probeOnB = await openWsProbe(proxy.wsUrl);
      expect((await probeOnB.request('eth_chainId')).result).toBe(toHex(CHAIN_B));
      probeOnB.close();

      // viem reconnects and re-subscribes; B's heads (> 300) are above anything A has.
      await waitFor(() => proxy.stats().byMethod.eth_subscribe === 2, 5_000, 'eth_subscribe after the switch');
      const headOnB = await waitFor(async () => {
        await rpc(b.anvil.rpcUrl, 'evm_mine');
        const latest = await httpClient(b.anvil.rpcUrl).getBlockNumber();
        return heads.includes(latest) ? latest : undefined;
      }, 10_000, 'a block of B over the re-subscribed socket');
      expect(headOnB).toBeGreaterThan(300n);
    } finally {
      unwatch();
      (await viemWs.transport.getRpcClient()).close();
    }
  });

  it('refuses an upstream that is not loopback', async () => {
    await expect(createFaultProxy({ upstreamHttpUrl: 'https://mainnet.example.com', upstreamWsUrl: 'wss://mainnet.example.com' })).rejects.toBeInstanceOf(
      NonLoopbackUpstreamError,
    );
    const proxy = await proxyTo(a);
    expect(() => proxy.setUpstream({ httpUrl: 'http://10.0.0.1:8545', wsUrl: 'ws://10.0.0.1:8545' })).toThrow(NonLoopbackUpstreamError);
  });
});

describe('close()', () => {
  it('resolves promptly with held requests and open sockets, failing them', async () => {
    const proxy = await proxyTo(a, { faults: { timeoutRate: 1 } });
    const pending = [1, 2, 3].map((id) =>
      postJson(proxy.httpUrl, call('eth_chainId', [], id)).then(
        () => 'answered',
        () => 'failed',
      ),
    );
    const probe = await openWsProbe(proxy.wsUrl);
    await waitFor(() => proxy.stats().injected.timeout === 3, 5_000, 'three held requests');

    const startedAt = performance.now();
    const hung = new Promise((_, reject) => setTimeout(() => reject(new Error('close() hung')), 5_000).unref());
    await Promise.race([proxy.close(), hung]);
    expect(performance.now() - startedAt).toBeLessThan(2_000);
    expect(await Promise.all(pending)).toEqual(['failed', 'failed', 'failed']);
    expect(await probe.closed).toBe(1006);
    await proxy.close(); // idempotent
    await expect(postJson(proxy.httpUrl, call('eth_chainId'))).rejects.toThrow();
  });

  it('ends requests waiting on injected latency', async () => {
    const proxy = await proxyTo(a, { faults: { latencyMs: 60_000 } });
    const pending = postJson(proxy.httpUrl, call('eth_chainId')).then(
      () => 'answered',
      () => 'failed',
    );
    await waitFor(() => proxy.stats().injected.latency === 1, 5_000, 'a delayed request');
    await proxy.close();
    expect(await pending).toBe('failed');
  });
});
