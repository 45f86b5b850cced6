import type { Agent, AgentKind } from '../types.js';
import { createArbitrageurAgent } from './arbitrageurAgent.js';
import { createBorrowerAgent } from './borrowerAgent.js';
import { createLenderAgent } from './lenderAgent.js';
import { createLiquidatorAgent } from './liquidatorAgent.js';
import { createLiquidityProviderAgent } from './liquidityProviderAgent.js';
import { createPumpAndDump } from './pumpAndDump.js';
import { createRetailAgent } from './retailAgent.js';
import { createSandwichBot } from './sandwichBot.js';
import { createSmartTrader } from './smartTrader.js';
import { createSybilCluster } from './sybilCluster.js';
import { createWashTrader } from './washTrader.js';
import { createWhaleAgent } from './whaleAgent.js';

/** Options of {@link createAgents}. */
export interface CreateAgentsOptions {
  seed: number;
  chainId: number;
  /** Activity multiplier of the market agents. Default 1. */
  rate?: number;
  /** Retail transactions per block (before `rate`). Default 2-6. */
  txPerBlock?: { min: number; max: number };
  /** Kinds to leave out. Default none. */
  exclude?: readonly AgentKind[];
  /** Kinds to keep (all when absent). */
  only?: readonly AgentKind[];
}

/**
 * Builds every agent of one chain in a fixed order, users then searchers; the order is part of determinism
 * (it fixes arrival order, hence tie-breaks, in every block). Searchers: the sandwich bot first (it reads the
 * users' pending transactions), then liquidators (0.8 gwei), then arbitrageurs last (0.5 gwei).
 */
export function createAgents(options: CreateAgentsOptions): Agent[] {
  const { seed, chainId, rate = 1 } = options;
  const common = { seed, chainId };
  const agents: Agent[] = [
    // Market agents (issue 3).
    createRetailAgent({ ...common, rate, txPerBlock: options.txPerBlock }),
    createLiquidityProviderAgent({ ...common, rate }),
    createWhaleAgent({ ...common, rate }),
    createLenderAgent({ ...common, rate }),
    createBorrowerAgent({ ...common, rate }),
    // Adversarial agents (users).
    createWashTrader(common),
    createPumpAndDump(common),
    createSmartTrader(common),
    createSybilCluster(common),
    // Searchers.
    createSandwichBot(common),
    createLiquidatorAgent(common),
    createArbitrageurAgent({ ...common, rate }),
  ];
  const excluded = new Set(options.exclude ?? []);
  const only = options.only ? new Set(options.only) : undefined;
  return agents.filter((agent) => !excluded.has(agent.kind) && (!only || only.has(agent.kind)));
}
