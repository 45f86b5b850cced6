import type { Logger } from '../../common/logger.js';
import type { DevnetClients } from '../clients.js';
import type { Random } from '../utils/random.js';
import type { TxSender } from './createTxSender.js';
import { planTick } from './planTick.js';
import { readTickState } from './readTickState.js';
import { resolveIntent, type ActivityUniverse } from './resolveIntent.js';

/** Everything one chain's activity ticks share. */
export interface TickContext {
  clients: DevnetClients;
  universe: ActivityUniverse;
  sender: TxSender;
  random: Random;
  txPerBlock: { min: number; max: number };
  logger: Logger;
}

/** What one tick did. */
export interface TickResult {
  blockNumber: bigint;
  /** Transactions accepted by the node. */
  sent: number;
  /** Transactions the node refused (not mined). */
  rejected: number;
  /** Mined transactions that reverted. */
  reverted: number;
}

/**
 * One block of activity: plan intents (seeded), read the state they need, send them, mine one
 * block with `evm_mine`, and count reverted receipts. A refused send is logged and skipped.
 */
export async function runTick(context: TickContext): Promise<TickResult> {
  const { clients, universe, sender, random, logger } = context;
  const intents = planTick(random, {
    traderCount: universe.traders.length,
    tokenCount: universe.tokens.length,
    pairCount: universe.pairs.length,
    txPerBlock: context.txPerBlock,
  });
  const [state, latest] = await Promise.all([
    readTickState(clients.publicClient, universe, intents),
    clients.publicClient.getBlock({ blockTag: 'latest' }),
  ]);
  sender.setBaseFee(latest.baseFeePerGas ?? 1_000_000_000n);
  let sent = 0;
  let rejected = 0;
  // Sequential sends: arrival order breaks tip ties, so it must not depend on network timing.
  for (const intent of intents) {
    const action = resolveIntent(intent, universe, state);
    try {
      await sender.send(action);
      sent++;
    } catch (error) {
      rejected++;
      logger.warn({ err: error, kind: action.kind, from: action.account.address }, 'devnet activity: send refused');
    }
  }
  await clients.testClient.request({ method: 'evm_mine', params: undefined });
  const receipts = await clients.publicClient.getBlockReceipts({ blockTag: 'latest' });
  const reverted = receipts.filter((receipt) => receipt.status !== 'success').length;
  const blockNumber = receipts[0]?.blockNumber ?? (await clients.publicClient.getBlockNumber({ cacheTime: 0 }));
  return { blockNumber, sent, rejected, reverted };
}
