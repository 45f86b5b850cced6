import { createPublicClient, http, type Hash } from 'viem';
import type { Logger } from '../../common/logger.js';
import { createTxSender, type TxSender } from '../activity/createTxSender.js';
import type { DevnetClients } from '../clients.js';
import type { DevnetChainDeployment } from '../deployDevnetChain.js';
import { createRandom, deriveSeed } from '../utils/random.js';
import { buildSimDeployment } from './buildSimDeployment.js';
import type { SimPriceWorld } from './priceWorld.js';
import type { AgentSlot, SimulatorStats } from './runSimTick.js';
import type { Agent, SimWorld } from './types.js';

/**
 * The world agents see: a batching reader (one JSON-RPC request for concurrent reads), and a sender that
 * batches `sendMany` through it and counts what it sends into `stats` / `sentThisTick`.
 */
export function buildWorld(params: {
  clients: DevnetClients;
  deployment: DevnetChainDeployment;
  prices: SimPriceWorld;
  logger: Logger;
  stats: SimulatorStats;
  sentThisTick: Hash[];
}): SimWorld {
  const { clients } = params;
  const reader = createPublicClient({ chain: clients.chain, transport: http(clients.chain.rpcUrls.default.http[0], { batch: true, retryCount: 0 }) });
  const sender = instrumentSender(createTxSender(clients.publicClient, clients.chain.id, { batchClient: reader }), params.stats, params.sentThisTick);
  return { chainId: clients.chain.id, clients, deployment: buildSimDeployment(params.deployment), prices: params.prices, sender, logger: params.logger, reader };
}

/**
 * Runs every agent's `setup` in order (automine on), then turns automining off. An agent whose setup throws is
 * logged and left out (half set up, it would fail every tick). Returns the agents that are ready.
 */
export async function setupAgents(world: SimWorld, slots: readonly AgentSlot[]): Promise<AgentSlot[]> {
  const { testClient } = world.clients;
  const ready: AgentSlot[] = [];
  for (const slot of slots) {
    try {
      await slot.agent.setup(world);
      ready.push(slot);
    } catch (error) {
      world.logger.error({ err: error, agent: slot.name }, 'simulator: agent setup failed, agent disabled');
      await testClient.setAutomine(true);
    } finally {
      world.sender.resetNonces();
    }
  }
  await testClient.setAutomine(false);
  return ready;
}

/** Gives each agent its stream `deriveSeed(seed, kind:index:chainId)`; users first, then searchers. */
export function buildSlots(agents: readonly Agent[], seed: number, chainId: number): AgentSlot[] {
  const seen = new Map<string, number>();
  const slots = agents.map((agent) => {
    const index = seen.get(agent.kind) ?? 0;
    seen.set(agent.kind, index + 1);
    return { agent, name: `${agent.kind}#${index}`, random: createRandom(deriveSeed(seed, `${agent.kind}:${index}:${chainId}`)) };
  });
  return [...slots.filter((slot) => slot.agent.phase === 'users'), ...slots.filter((slot) => slot.agent.phase === 'searchers')];
}

// Counts what agents send and remembers this tick's hashes; a refused send still throws to the agent.
function instrumentSender(base: TxSender, stats: SimulatorStats, sentThisTick: Hash[]): TxSender {
  return {
    setBaseFee: (fee) => base.setBaseFee(fee),
    resetNonces: () => base.resetNonces(),
    async sendMany(requests) {
      const results = base.sendMany ? await base.sendMany(requests) : await sendOneByOne(base, requests);
      for (const result of results) {
        if (result instanceof Error) stats.txRejected++;
        else {
          stats.txSent++;
          sentThisTick.push(result);
        }
      }
      return results;
    },
    async send(request) {
      try {
        const hash = await base.send(request);
        stats.txSent++;
        sentThisTick.push(hash);
        return hash;
      } catch (error) {
        stats.txRejected++;
        throw error;
      }
    },
  };
}

async function sendOneByOne(sender: TxSender, requests: Parameters<NonNullable<TxSender['sendMany']>>[0]): Promise<(Hash | Error)[]> {
  const results: (Hash | Error)[] = [];
  for (const request of requests) results.push(await sender.send(request).catch((error: unknown) => (error instanceof Error ? error : new Error(String(error)))));
  return results;
}
