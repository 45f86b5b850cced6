import { createPublicClient, fallback, http, webSocket, type PublicClient, type Transport } from 'viem';
import type { ChainConfig } from '../../config/chainsFile.js';
import { redactUrl } from '../../errors/baseError.js';
import { RpcRequestError } from './errors.js';
import { parseBlockHeader, type BlockHeader } from './parseBlockHeader.js';

export interface ChainClientOptions {
  /** Per-request timeout. Default 5000. */
  requestTimeoutMs?: number;
}

/** What the indexer needs from a chain's RPC; every answer is validated. */
export interface ChainClient {
  readonly chainId: number;
  /** True when a WebSocket URL is configured (new heads are pushed). */
  readonly hasWebSocket: boolean;
  getHeadNumber(): Promise<number>;
  getBlockHeader(number: number): Promise<BlockHeader>;
  /** Pushes new head numbers over WebSocket; returns an unsubscribe function. */
  watchHeads(onHead: (number: number) => void, onError: (error: Error) => void): () => void;
  close(): Promise<void>;
}

function wrap(chain: ChainConfig, what: string, error: unknown): RpcRequestError {
  const message = (error as { shortMessage?: string; message?: string }).shortMessage ?? (error as Error).message;
  return new RpcRequestError(`${what} on chain ${chain.chainId} failed: ${message}`.replace(/https?:\/\/\S+/g, (u) => redactUrl(u)), error);
}

/** Builds viem clients for one chain: HTTP fallback over every rpcUrl, WebSocket for heads when configured. */
export function createChainClient(chain: ChainConfig, options: ChainClientOptions = {}): ChainClient {
  const timeout = options.requestTimeoutMs ?? 5000;
  const transports: Transport[] = chain.rpcUrls.map((url) => http(url, { timeout, retryCount: 1, retryDelay: 100 }));
  const httpClient: PublicClient = createPublicClient({ transport: fallback(transports, { rank: false }) });
  const wsClient: PublicClient | undefined =
    chain.wsUrls.length > 0
      ? // Heads come from the first WebSocket URL; when it fails the follower's poll watchdog takes over.
        createPublicClient({ transport: webSocket(chain.wsUrls[0], { timeout, reconnect: { attempts: 1_000_000, delay: 1000 } }) })
      : undefined;

  return {
    chainId: chain.chainId,
    hasWebSocket: wsClient !== undefined,
    async getHeadNumber() {
      let value: bigint;
      try {
        value = await httpClient.getBlockNumber({ cacheTime: 0 });
      } catch (error) {
        throw wrap(chain, 'eth_blockNumber', error);
      }
      return parseBlockHeaderNumber(value);
    },
    async getBlockHeader(number) {
      let raw: unknown;
      try {
        raw = await httpClient.getBlock({ blockNumber: BigInt(number) });
      } catch (error) {
        throw wrap(chain, `eth_getBlockByNumber(${number})`, error);
      }
      return parseBlockHeader(chain.chainId, raw as Parameters<typeof parseBlockHeader>[1], number);
    },
    watchHeads(onHead, onError) {
      if (!wsClient) return () => undefined;
      return wsClient.watchBlockNumber({
        emitMissed: false,
        onBlockNumber: (n) => onHead(Number(n)),
        onError: (error) => onError(wrap(chain, 'newHeads subscription', error)),
      });
    },
    async close() {
      const transport = wsClient?.transport as { getRpcClient?: () => Promise<{ close(): void }> } | undefined;
      if (transport?.getRpcClient) (await transport.getRpcClient().catch(() => undefined))?.close();
    },
  };
}

function parseBlockHeaderNumber(value: bigint): number {
  const n = Number(value);
  if (!Number.isSafeInteger(n) || n < 0) throw new RpcRequestError(`eth_blockNumber returned an invalid number ${value}`);
  return n;
}
