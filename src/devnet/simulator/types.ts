import type { Address, Chain, Hash, LocalAccount, PublicClient, Transport } from 'viem';
import type { Logger } from '../../common/logger.js';
import type { TxSender } from '../activity/createTxSender.js';
import type { DevnetClients } from '../clients.js';
import type { DevnetToken } from '../protocols/tokens.js';
import type { DevnetV2Pair } from '../protocols/uniswapV2.js';
import type { Random } from '../utils/random.js';

/**
 * The contract between the market simulator (orchestrator) and its agents. Each block ("tick"):
 *   1. the price world steps (seeded random walk with shocks) and oracles may be updated;
 *   2. agents of phase `users` act (send transactions to the mempool; automine is off);
 *   3. agents of phase `searchers` act: they may read the mempool (`txpool_content`) and front/back-run with
 *      gas prices around a victim's (a mined block orders by effective tip);
 *   4. the orchestrator mines one block (setting its timestamp in fast-forward mode);
 *   5. every `PendingLabel` returned in 2-3 is confirmed from receipts (all its txs mined in that block and
 *      succeeded, unless `allowReverted`), given its block number, and appended to the labels file.
 * Product code never reads labels; tests and benchmarks do.
 */

/** Ground-truth kinds a detector should find. */
export type LabelKind =
  | 'sandwich'
  | 'arbitrage'
  | 'liquidation'
  | 'wash_trade'
  | 'pump'
  | 'dump'
  | 'smart_trader'
  | 'sybil_cluster'
  | 'lp_migration';

/** One line of `labels.jsonl` (beside the manifest). Amounts are decimal strings of base units. */
export interface Label {
  chainId: number;
  /** The block holding the labelled transactions (the last one, when they span blocks). */
  block: number;
  kind: LabelKind;
  /** In execution order. For a sandwich: [front-run, victim, back-run]. */
  txHashes: Hash[];
  /** Lowercase addresses of the agents involved (for a sandwich the attacker first, then the victim). */
  actors: string[];
  /** Pool, pair, market or token addresses the action touched (lowercase). */
  targets: string[];
  /** Free-form amounts (`amountInRaw`, `profitRaw`, `debtCoveredRaw`...), each a decimal string. */
  amounts: Record<string, string>;
  /** Agent-specific detail (e.g. the ring size of a wash trade, the cluster's funder). */
  meta?: Record<string, string | number | boolean>;
}

/** A label whose block is not known until its transactions are mined. */
export type PendingLabel = Omit<Label, 'chainId' | 'block'> & {
  /** Keep the label even if some of its txs reverted (default false: a reverted action is not ground truth). */
  allowReverted?: boolean;
  /** Some kinds (a cluster, a smart trader) span many blocks; the orchestrator skips the same-block check. */
  spansBlocks?: boolean;
};

/** Reference USD prices, one per token symbol; the truth that arbitrageurs chase and oracles report. */
export interface PriceWorld {
  priceUsd(symbol: string): number;
  /** Prices `stepsAhead` ticks in the future (already drawn): what a "smart trader" cheats with. */
  futurePriceUsd(symbol: string, stepsAhead: number): number;
  /** The current tick's multiplicative shock per symbol, if any (1 = none). */
  shock(symbol: string): number;
}

/** A Uniswap V3 pool the simulator deployed. */
export interface SimV3Pool {
  address: Address;
  token0: Address;
  token1: Address;
  fee: number;
  /** Token symbols (filled by the simulator). */
  symbol0?: string;
  symbol1?: string;
}

/** Everything deployed on one simulated chain. V3 and Aave are present after the simulator deploys them. */
export interface SimDeployment {
  weth: Address;
  tokens: readonly DevnetToken[];
  v2: { factory: Address; router: Address; pairs: readonly DevnetV2Pair[] };
  v3?: {
    factory: Address;
    positionManager: Address;
    swapRouter: Address;
    pools: readonly SimV3Pool[];
    /** V3Migrator: moves V2 liquidity into a V3 position in one transaction. */
    migrator?: Address;
    quoter?: Address;
  };
  aave?: {
    pool: Address;
    oracle: Address;
    dataProvider: Address;
    reserves: readonly Address[];
    /** aToken and variable debt token per reserve (checksummed underlying address as key). */
    aTokens?: Readonly<Record<Address, Address>>;
    variableDebtTokens?: Readonly<Record<Address, Address>>;
  };
  /** UniswapInterfaceMulticall: many reads in one `eth_call` (see `simulator/readMany.ts`). */
  multicall?: Address;
}

/** What an agent sees each tick. */
export interface SimWorld {
  chainId: number;
  clients: DevnetClients;
  deployment: SimDeployment;
  prices: PriceWorld;
  /** Signs with local nonces and sends raw; gas prices are explicit so searchers can order a block. */
  sender: TxSender;
  logger: Logger;
  /**
   * A public client that batches concurrent requests into one JSON-RPC call (use it with `Promise.all`; a lone
   * awaited read waits a macrotask). Reads at `blockTag: 'pending'` see the transactions already sent this tick.
   */
  reader?: PublicClient<Transport, Chain>;
}

/** The tick being built. */
export interface TickInfo {
  /** 0-based tick count since the simulation started. */
  index: number;
  /** Number and timestamp the block being built will have. */
  blockNumber: bigint;
  timestampSec: bigint;
  /** `history` while fast-forwarding (simulated timestamps), then `live`. */
  mode?: 'history' | 'live';
}

export type AgentKind =
  | 'retail'
  | 'liquidity_provider'
  | 'whale'
  | 'lender'
  | 'borrower'
  | 'liquidator'
  | 'arbitrageur'
  | 'sandwich_bot'
  | 'wash_trader'
  | 'pump_and_dump'
  | 'smart_trader'
  | 'sybil_cluster';

/** A seeded strategy with its own wallets. Same seed, same wallets, same actions. */
export interface Agent {
  kind: AgentKind;
  /** `users` act first; `searchers` act after them and may read the mempool. */
  phase: 'users' | 'searchers';
  /** Wallets derived from the seed (never the deployer's). */
  wallets: readonly LocalAccount[];
  /** One-time funding and approvals, with automine still on (so receipts come back at once). */
  setup(world: SimWorld): Promise<void>;
  /** Sends this tick's transactions (or none) and returns labels to confirm once the block is mined. */
  act(world: SimWorld, tick: TickInfo, random: Random): Promise<PendingLabel[]>;
}
