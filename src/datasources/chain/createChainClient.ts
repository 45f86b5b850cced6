import { createPublicClient, fallback, http, webSocket, type PublicClient, type Transport } from 'viem';
import type { ChainConfig } from '../../config/chainsFile.js';
import { redactUrl } from '../../errors/baseError.js';
import { MalformedRpcResponseError, RpcRequestError } from './errors.js';
import { parseLog, type ChainLog } from './parseLog.js';
import { readTokenMetadata } from './readTokenMetadata.js';
import type { TokenMetadata } from './readTokenMetadataResults.js';
import { parseBlockHeader, type BlockHeader } from './parseBlockHeader.js';

/** An eth_getLogs filter (hex strings). */
export interface LogFilter {
  fromBlock: number;
  toBlock: number;
  address?: string[];
  topics: (string[] | null)[];
}

/** Largest RPC answer accepted (eth_getLogs over a wide range). */
export const MAX_RESPONSE_BYTES = 256 * 1024 * 1024;

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
  /** eth_getLogs over [fromBlock, toBlock]; `address` may hold many addresses, `topics[0]` many topic0s. */
  getLogs(filter: LogFilter): Promise<ChainLog[]>;
  /** ERC-20 symbol/name/decimals of many tokens in multicalls, tolerant of non-standard tokens. */
  readTokenMetadata(addresses: string[]): Promise<Map<string, TokenMetadata>>;
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
  // JSON-RPC batching: concurrent header fetches of a range go out as one HTTP request. No retries here: the
  // indexer retries each call itself (jittered, counted in its health), and viem's nested retries (http x fallback)
  // would turn one refused connection into seconds of waiting.
  // viem refuses bodies over 10 MiB by default (~14k logs): a wide eth_getLogs range on a busy token exceeds that.
  // Allow 256 MiB; beyond it the answer counts as "range too large" and the indexer shrinks the range.
  const transports: Transport[] = chain.rpcUrls.map((url) =>
    http(url, { timeout, retryCount: 0, batch: { batchSize: 100, wait: 0 }, maxResponseBodySize: MAX_RESPONSE_BYTES }),
  );
  const httpClient: PublicClient = createPublicClient({ transport: fallback(transports, { rank: false, retryCount: 0 }) });
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
    async getLogs(filter) {
      const toHex = (n: number) => `0x${n.toString(16)}`;
      let raw: unknown;
      try {
        raw = await httpClient.request({
          method: 'eth_getLogs',
          params: [{ fromBlock: toHex(filter.fromBlock), toBlock: toHex(filter.toBlock), address: filter.address, topics: filter.topics }],
        } as never);
      } catch (error) {
        throw wrap(chain, `eth_getLogs(${filter.fromBlock}-${filter.toBlock})`, error);
      }
      if (!Array.isArray(raw)) throw new MalformedRpcResponseError('eth_getLogs did not return a list');
      return raw.map((log: Record<string, unknown>) =>
        parseLog(
          { ...log, blockNumber: hexToBigint(log.blockNumber), logIndex: hexToBigint(log.logIndex) },
          filter.fromBlock,
          filter.toBlock,
        ),
      );
    },
    readTokenMetadata: (addresses) => readTokenMetadata(httpClient, addresses as `0x${string}`[]),
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

function hexToBigint(value: unknown): bigint | undefined {
  return typeof value === 'string' && /^0x[0-9a-fA-F]{1,16}$/.test(value) ? BigInt(value) : undefined;
}

function parseBlockHeaderNumber(value: bigint): number {
  const n = Number(value);
  if (!Number.isSafeInteger(n) || n < 0) throw new RpcRequestError(`eth_blockNumber returned an invalid number ${value}`);
  return n;
}
