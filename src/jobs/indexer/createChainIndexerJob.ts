import type { Common } from '../../common/common.js';
import type { ChainConfig } from '../../config/chainsFile.js';
import type { ChainClient } from '../../datasources/chain/createChainClient.js';
import { isLogRangeTooLargeError, createLogRangeSizer } from '../../datasources/chain/logRange.js';
import type { Database } from '../../datasources/db/createDatabase.js';
import type { ChainStatus } from '../../datasources/db/entities/chain.entity.js';
import { createBlockRepository } from '../../datasources/db/repositories/blockRepository.js';
import { createChainRepository, setIndexedBlock } from '../../datasources/db/repositories/chainRepository.js';
import { createEventRepository } from '../../datasources/db/repositories/eventRepository.js';
import { listChildren } from '../../datasources/db/repositories/listChildren.js';
import { BaseError } from '../../errors/baseError.js';
import type { ChainStatusEvent } from '../../pubsub/events.js';
import type { PubSubEngine } from '../../pubsub/pubSubEngine.js';
import { topics } from '../../pubsub/topics.js';
import { backoffDelayMs, sleep } from './backoff.js';
import { createRpcHealth } from './createRpcHealth.js';
import { createSourceSet, type SourceSet } from './createSourceSet.js';
import { createTokenMetadataSync } from './createTokenMetadataSync.js';
import { ChainMismatchError } from './errors.js';
import { findCommonAncestor } from './findCommonAncestor.js';
import { readRange, type RangeData } from './readRange.js';
import { publishRange } from './publishRange.js';

export interface ChainIndexerOptions {
  common: Common;
  chain: ChainConfig;
  client: ChainClient;
  db: Database;
  pubsub: PubSubEngine;
  /** Fencing epoch from the leader lock; writes are refused once another worker leads. Undefined: unfenced. */
  epoch?: number;
  /** Wipe the chain's stored data when the RPC serves a new genesis (a restarted devnet). Default false. */
  allowChainReset?: boolean;
  /** Consecutive failures before the chain is reported degraded. Default 3. */
  degradedAfterFailures?: number;
}

/** What `/readyz` and `chains { status }` report for an indexer. */
export interface IndexerSnapshot {
  chainId: number;
  status: ChainStatus;
  detail: string | null;
  headBlock: number | null;
  indexedBlock: number | null;
}

/** Blocks per range near the head, where every header is fetched. */
const REALTIME_BATCH = 100;
const HEALTH_FLUSH_MS = 5000;
/** Tries per RPC call before its range fails (and the whole step backs off). */
const CALL_ATTEMPTS = 6;

/**
 * Indexes one chain into Postgres: backfill in adaptive eth_getLogs ranges up to the finality window, then block
 * by block near the head (WebSocket heads, polling fallback), decoding the configured sources' events. Every range
 * commits atomically with its checkpoint; a parent-hash mismatch rolls back to the common ancestor.
 */
export function createChainIndexerJob(options: ChainIndexerOptions) {
  const { common, chain, client, db, pubsub } = options;
  const labels = { chain_id: String(chain.chainId), chain: chain.name };
  const log = common.logger.child({ component: 'indexer', chainId: chain.chainId });
  const blocks = createBlockRepository(db);
  const chains = createChainRepository(db);
  const events = createEventRepository(db);
  const health = createRpcHealth();
  const tokenSync = createTokenMetadataSync({ chainId: chain.chainId, client, db, events, logger: log });
  const sizer = createLogRangeSizer({ initial: Math.min(1000, chain.maxLogRange), max: chain.maxLogRange });
  const abort = new AbortController();
  const state: IndexerSnapshot = { chainId: chain.chainId, status: 'starting', detail: null, headBlock: null, indexedBlock: null };
  let sources: SourceSet = createSourceSet(chain.sources, { v2Pairs: [], v3Pools: [] });
  let lastHash: string | null = null;
  let lastPushedHeadAtMs = 0;
  let wake: (() => void) | null = null;
  let loop: Promise<void> | null = null;
  let healthTimer: NodeJS.Timeout | undefined;
  let unwatch: () => void = () => undefined;

  async function setStatus(status: ChainStatus, detail: string | null = null) {
    const changed = status !== state.status || detail !== state.detail;
    state.status = status;
    state.detail = detail;
    common.metrics.chainUp.set(labels, status === 'live' || status === 'syncing' ? 1 : 0);
    if (!changed) return;
    log.info({ status, detail }, 'chain status changed');
    await chains.updateState(chain.chainId, { status, statusDetail: detail, ...(state.headBlock === null ? {} : { headBlock: state.headBlock }) });
    const event: ChainStatusEvent = { ...state };
    await pubsub.publish(topics.chainStatus(), event);
  }

  function noteHead(number: number, pushed: boolean) {
    if (pushed) lastPushedHeadAtMs = Date.now();
    if (state.headBlock !== null && number <= state.headBlock) return;
    state.headBlock = number;
    common.metrics.chainHeadBlock.set(labels, number);
    wake?.();
  }

  async function timedOnce<T>(fn: () => Promise<T>): Promise<T> {
    const started = performance.now();
    const end = common.metrics.rpcLatency.startTimer(labels);
    try {
      const result = await fn();
      health.record(performance.now() - started, false);
      return result;
    } catch (error) {
      health.record(performance.now() - started, true);
      common.metrics.rpcErrors.inc(labels);
      throw error;
    } finally {
      end();
    }
  }

  /**
   * One RPC call, retried on its own (up to CALL_ATTEMPTS, jittered backoff) when the error is retryable, so a
   * range of a hundred calls survives a flaky provider without restarting. Range-size errors go straight to the
   * caller, which shrinks the range instead.
   */
  async function timed<T>(fn: () => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await timedOnce(fn);
      } catch (error) {
        const retryable = error instanceof BaseError && error.retryable && !isLogRangeTooLargeError(error);
        if (!retryable || attempt >= CALL_ATTEMPTS || abort.signal.aborted) throw error;
        await sleep(backoffDelayMs(attempt, 50, 1000), abort.signal);
      }
    }
  }

  async function reloadSources() {
    sources = createSourceSet(chain.sources, await listChildren(db, chain.chainId));
  }

  async function resume() {
    await reloadSources();
    await tokenSync.syncAddresses(chain.sources.tokens);
    const latest = await blocks.latest(chain.chainId);
    if (!latest) return;
    const genesisStored = await blocks.get(chain.chainId, 0);
    const genesis = genesisStored ? await timed(() => client.getBlockHeader(0)) : null;
    if (genesisStored && genesis && genesis.hash !== genesisStored.hash) {
      if (!options.allowChainReset) throw new ChainMismatchError(chain.chainId, genesisStored.hash, genesis.hash);
      log.warn('the RPC serves a new chain (devnet restarted): dropping stored data');
      await db.transaction(async (m) => {
        await events.deleteAbove(m, chain.chainId, -1);
        await blocks.deleteAbove(m, chain.chainId, -1);
        await setIndexedBlock(m, chain.chainId, null, undefined, options.epoch);
      });
      await reloadSources();
      return;
    }
    const checkpoint = (await chains.getMany([chain.chainId]))[0]?.indexedBlock ?? latest.number;
    state.indexedBlock = checkpoint;
    lastHash = (await blocks.get(chain.chainId, checkpoint))?.hash ?? null;
  }

  async function commit(data: RangeData, unfinalized: boolean) {
    const rows = [...data.headers.values()].sort((a, b) => a.number - b.number);
    const last = data.headers.get(data.toBlock)!;
    await db.transaction(async (m) => {
      await blocks.insertMany(m, rows.map(({ logsBloom: _bloom, ...header }) => header));
      if (data.events.length > 0) await events.insertEvents(m, data.events);
      await setIndexedBlock(m, chain.chainId, data.toBlock, Math.max(state.headBlock ?? 0, data.toBlock), options.epoch);
    });
    state.indexedBlock = data.toBlock;
    lastHash = last.hash;
    common.metrics.blocksIndexed.inc(labels, data.toBlock - data.fromBlock + 1);
    common.metrics.chainIndexedBlock.set(labels, data.toBlock);
    if (data.undecodable > 0) log.warn({ count: data.undecodable, from: data.fromBlock, to: data.toBlock }, 'logs with our topics did not decode');
    if (unfinalized) await publishRange(pubsub, chain.chainId, rows, data.events);
    await tokenSync.syncEvents(data.events);
  }

  async function rollBackTo(fromNumber: number) {
    const ancestor = await findCommonAncestor(client, blocks, chain.chainId, fromNumber, chain.finalityDepth);
    const removed = await db.transaction(async (m) => {
      await events.deleteAbove(m, chain.chainId, ancestor);
      const count = await blocks.deleteAbove(m, chain.chainId, ancestor);
      await setIndexedBlock(m, chain.chainId, ancestor < 0 ? null : ancestor, undefined, options.epoch);
      return count;
    });
    common.metrics.reorgs.inc(labels);
    log.warn({ ancestor, removed }, 'reorg: rolled back to the common ancestor');
    state.indexedBlock = ancestor;
    lastHash = ancestor < 0 ? null : ((await blocks.get(chain.chainId, ancestor))?.hash ?? null);
    await reloadSources();
    await pubsub.publish(topics.reorg(chain.chainId), { chainId: chain.chainId, commonAncestor: ancestor, removed });
  }

  async function ingestNext() {
    const from = (state.indexedBlock ?? -1) + 1;
    const head = state.headBlock ?? 0;
    const safeHead = head - chain.finalityDepth;
    const unfinalized = from > safeHead;
    const to = unfinalized ? Math.min(head, from + REALTIME_BATCH - 1) : Math.min(safeHead, from + sizer.size - 1);
    let data;
    try {
      data = await readRange(client, sources, from, to, { unfinalized, lastHash, timed });
    } catch (error) {
      await reloadSources(); // children adopted from a failed read must not linger
      if (!isLogRangeTooLargeError(error)) throw error;
      if (!sizer.onTooLarge(error)) throw error;
      log.info({ from, to, next: sizer.size }, 'eth_getLogs range too large; shrinking');
      return;
    }
    if ('reorg' in data) return rollBackTo(from - 1);
    await commit(data, unfinalized);
    if (!unfinalized) sizer.onSuccess();
  }

  async function waitForHead(timeoutMs: number) {
    await Promise.race([new Promise<void>((resolve) => (wake = resolve)), sleep(timeoutMs, abort.signal)]);
    wake = null;
  }

  async function step() {
    const pushAlive = client.hasWebSocket && Date.now() - lastPushedHeadAtMs < chain.pollIntervalMs * 3;
    if (!pushAlive) noteHead(await timed(() => client.getHeadNumber()), false);
    const head = state.headBlock ?? 0;
    if (state.indexedBlock === null) state.indexedBlock = Math.min(chain.startBlock ?? head, head) - 1;
    while (!abort.signal.aborted && state.indexedBlock < (state.headBlock ?? 0)) {
      if ((state.headBlock ?? 0) - state.indexedBlock > 2) await setStatus('syncing');
      await ingestNext();
    }
    common.metrics.chainLagBlocks.set(labels, (state.headBlock ?? 0) - (state.indexedBlock ?? 0));
    await setStatus('live');
  }

  async function run() {
    let failures = 0;
    let resumed = false;
    const degradedAfter = options.degradedAfterFailures ?? 3;
    while (!abort.signal.aborted) {
      try {
        if (!resumed) {
          await resume();
          resumed = true;
        }
        await step();
        failures = 0;
        await waitForHead(chain.pollIntervalMs);
      } catch (error) {
        if (abort.signal.aborted) break;
        const base = error instanceof BaseError ? error : undefined;
        const message = base?.shortMessage ?? (error as Error).message;
        if (!base?.retryable) {
          log.error({ err: error }, 'indexer stopped by a non-retryable error');
          if (base?.name !== 'LeadershipLostError') await setStatus('stopped', message).catch(() => undefined);
          return;
        }
        failures++;
        log.warn({ failures, err: message }, 'indexer step failed; retrying');
        if (failures >= degradedAfter) await setStatus('degraded', message).catch(() => undefined);
        await sleep(backoffDelayMs(failures, 250, 5000), abort.signal);
      }
    }
  }

  async function flushHealth() {
    const { latencyMs, errorRate } = health.snapshot();
    await chains.updateState(chain.chainId, { rpcLatencyMs: latencyMs, rpcErrorRate: errorRate }).catch(() => undefined);
  }

  return {
    chainId: chain.chainId,
    snapshot: (): IndexerSnapshot => ({ ...state }),
    /** Resolves when the loop ends (stop(), or a non-retryable error such as lost leadership). */
    done: (): Promise<void> => loop ?? Promise.resolve(),
    async start(): Promise<void> {
      await chains.register([{ chainId: chain.chainId, name: chain.name, finalityDepth: chain.finalityDepth }]);
      unwatch = client.watchHeads(
        (n) => noteHead(n, true),
        (error) => log.warn({ err: error.message }, 'head subscription failed; polling'),
      );
      healthTimer = setInterval(() => void flushHealth(), HEALTH_FLUSH_MS);
      loop = run();
    },
    async stop(): Promise<void> {
      abort.abort();
      wake?.();
      unwatch();
      clearInterval(healthTimer);
      await loop;
      await flushHealth();
      await setStatus('stopped', 'shut down').catch(() => undefined);
      await client.close();
    },
  };
}

export type ChainIndexerJob = ReturnType<typeof createChainIndexerJob>;
