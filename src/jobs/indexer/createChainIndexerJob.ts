import type { Common } from '../../common/common.js';
import type { ChainConfig } from '../../config/chainsFile.js';
import type { ChainClient } from '../../datasources/chain/createChainClient.js';
import type { BlockHeader } from '../../datasources/chain/parseBlockHeader.js';
import type { Database } from '../../datasources/db/createDatabase.js';
import type { ChainStatus } from '../../datasources/db/entities/chain.entity.js';
import { createBlockRepository } from '../../datasources/db/repositories/blockRepository.js';
import { createChainRepository, setIndexedBlock } from '../../datasources/db/repositories/chainRepository.js';
import { BaseError } from '../../errors/baseError.js';
import type { BlockEvent, ChainStatusEvent } from '../../pubsub/events.js';
import type { PubSubEngine } from '../../pubsub/pubSubEngine.js';
import { topics } from '../../pubsub/topics.js';
import { backoffDelayMs, sleep } from './backoff.js';
import { ChainMismatchError } from './errors.js';
import { findCommonAncestor } from './findCommonAncestor.js';

export interface BlockFollowerOptions {
  common: Common;
  chain: ChainConfig;
  client: ChainClient;
  db: Database;
  pubsub: PubSubEngine;
  /** Wipe the chain's stored blocks when the RPC serves a new genesis (a restarted devnet). Default false. */
  allowChainReset?: boolean;
  /** Consecutive failures before the chain is reported degraded. Default 3. */
  degradedAfterFailures?: number;
}

/** What `/readyz` and `chains { status }` report for a follower. */
export interface FollowerSnapshot {
  chainId: number;
  status: ChainStatus;
  detail: string | null;
  headBlock: number | null;
  indexedBlock: number | null;
}

/**
 * Follows one chain's head: stores each block header (reorg-safe by parent hash), publishes `blockAdded`,
 * and keeps the chain's status. Heads come over WebSocket when configured, with polling as the fallback.
 */
export function createBlockFollowerJob(options: BlockFollowerOptions) {
  const { common, chain, client, db, pubsub } = options;
  const labels = { chain_id: String(chain.chainId), chain: chain.name };
  const log = common.logger.child({ component: 'block-follower', chainId: chain.chainId });
  const blocks = createBlockRepository(db);
  const chains = createChainRepository(db);
  const abort = new AbortController();
  const state: FollowerSnapshot = { chainId: chain.chainId, status: 'starting', detail: null, headBlock: null, indexedBlock: null };
  let lastHash: string | null = null;
  let lastPushedHeadAtMs = 0;
  let wake: (() => void) | null = null;
  let loop: Promise<void> | null = null;
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

  async function timed<T>(fn: () => Promise<T>): Promise<T> {
    const end = common.metrics.rpcLatency.startTimer(labels);
    try {
      return await fn();
    } catch (error) {
      common.metrics.rpcErrors.inc(labels);
      throw error;
    } finally {
      end();
    }
  }

  async function resume() {
    const latest = await blocks.latest(chain.chainId);
    if (!latest) return;
    const genesisStored = await blocks.get(chain.chainId, 0);
    const genesis = genesisStored ? await timed(() => client.getBlockHeader(0)) : null;
    if (genesisStored && genesis && genesis.hash !== genesisStored.hash) {
      if (!options.allowChainReset) throw new ChainMismatchError(chain.chainId, genesisStored.hash, genesis.hash);
      log.warn('the RPC serves a new chain (devnet restarted): dropping stored blocks');
      await db.transaction(async (m) => {
        await blocks.deleteAbove(m, chain.chainId, -1);
        await setIndexedBlock(m, chain.chainId, null);
      });
      return;
    }
    state.indexedBlock = latest.number;
    lastHash = latest.hash;
  }

  async function commit(header: BlockHeader) {
    await db.transaction(async (m) => {
      await blocks.insert(m, header);
      await setIndexedBlock(m, chain.chainId, header.number, Math.max(state.headBlock ?? 0, header.number));
    });
    state.indexedBlock = header.number;
    lastHash = header.hash;
    common.metrics.blocksIndexed.inc(labels);
    common.metrics.chainIndexedBlock.set(labels, header.number);
    const event: BlockEvent = { ...header, indexedAtMs: Date.now() };
    await pubsub.publish(topics.blockAdded(chain.chainId), event);
  }

  async function rollBackTo(fromNumber: number) {
    const ancestor = await findCommonAncestor(client, blocks, chain.chainId, fromNumber, chain.finalityDepth);
    const removed = await db.transaction(async (m) => {
      const count = await blocks.deleteAbove(m, chain.chainId, ancestor);
      await setIndexedBlock(m, chain.chainId, ancestor < 0 ? null : ancestor);
      return count;
    });
    common.metrics.reorgs.inc(labels);
    log.warn({ ancestor, removed }, 'reorg: rolled back to the common ancestor');
    state.indexedBlock = ancestor;
    lastHash = ancestor < 0 ? null : ((await blocks.get(chain.chainId, ancestor))?.hash ?? null);
    await pubsub.publish(topics.reorg(chain.chainId), { chainId: chain.chainId, commonAncestor: ancestor, removed });
  }

  async function ingestNext() {
    const number = (state.indexedBlock ?? -1) + 1;
    const header = await timed(() => client.getBlockHeader(number));
    if (lastHash !== null && header.parentHash !== lastHash) return rollBackTo(number - 1);
    await commit(header);
  }

  async function waitForHead(timeoutMs: number) {
    await Promise.race([new Promise<void>((resolve) => (wake = resolve)), sleep(timeoutMs, abort.signal)]);
    wake = null;
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
        const pushAlive = client.hasWebSocket && Date.now() - lastPushedHeadAtMs < chain.pollIntervalMs * 3;
        if (!pushAlive) noteHead(await timed(() => client.getHeadNumber()), false);
        const head = state.headBlock ?? 0;
        if (state.indexedBlock === null) state.indexedBlock = Math.min(chain.startBlock ?? head, head) - 1;
        while (!abort.signal.aborted && state.indexedBlock < (state.headBlock ?? 0)) {
          if ((state.headBlock ?? 0) - state.indexedBlock > 2) await setStatus('syncing');
          await ingestNext();
        }
        failures = 0;
        common.metrics.chainLagBlocks.set(labels, (state.headBlock ?? 0) - (state.indexedBlock ?? 0));
        await setStatus('live');
        await waitForHead(chain.pollIntervalMs);
      } catch (error) {
        if (abort.signal.aborted) break;
        const base = error instanceof BaseError ? error : undefined;
        const message = base?.shortMessage ?? (error as Error).message;
        if (!base?.retryable) {
          log.error({ err: error }, 'follower stopped by a non-retryable error');
          await setStatus('stopped', message).catch(() => undefined);
          return;
        }
        failures++;
        log.warn({ failures, err: message }, 'follower step failed; retrying');
        if (failures >= degradedAfter) await setStatus('degraded', message).catch(() => undefined);
        await sleep(backoffDelayMs(failures, 250, 5000), abort.signal);
      }
    }
  }

  return {
    chainId: chain.chainId,
    snapshot: (): FollowerSnapshot => ({ ...state }),
    async start(): Promise<void> {
      await chains.register([{ chainId: chain.chainId, name: chain.name, finalityDepth: chain.finalityDepth }]);
      unwatch = client.watchHeads(
        (n) => noteHead(n, true),
        (error) => log.warn({ err: error.message }, 'head subscription failed; polling'),
      );
      loop = run();
    },
    async stop(): Promise<void> {
      abort.abort();
      wake?.();
      unwatch();
      await loop;
      await setStatus('stopped', 'shut down').catch(() => undefined);
      await client.close();
    },
  };
}

export type BlockFollowerJob = ReturnType<typeof createBlockFollowerJob>;
