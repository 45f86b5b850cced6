import type { Hash, TransactionReceipt } from 'viem';
import type { Label, PendingLabel } from './types.js';

/** Inputs of {@link confirmLabels}. */
export interface ConfirmLabelsParameters {
  chainId: number;
  /** The block just mined. */
  blockNumber: bigint;
  /** Its receipts. */
  receipts: readonly TransactionReceipt[];
  pending: readonly PendingLabel[];
  /** Looks up a receipt outside this block (for `spansBlocks` labels); undefined when not mined. */
  getReceipt(hash: Hash): Promise<TransactionReceipt | undefined>;
}

/** Labels that survived, and how many were dropped (a transaction missing, elsewhere or reverted). */
export interface ConfirmLabelsResult {
  labels: Label[];
  dropped: PendingLabel[];
}

/**
 * Confirms pending labels against receipts: every transaction must be in this block (or, with `spansBlocks`,
 * mined at all, the label taking the latest block) and must have succeeded unless `allowReverted`.
 * Output keys are in a fixed order and addresses lowercase, so the JSON lines are byte-stable.
 */
export async function confirmLabels(params: ConfirmLabelsParameters): Promise<ConfirmLabelsResult> {
  const inBlock = new Map(params.receipts.map((receipt) => [receipt.transactionHash, receipt]));
  const labels: Label[] = [];
  const dropped: PendingLabel[] = [];
  for (const pending of params.pending) {
    const receipts = await Promise.all(
      pending.txHashes.map(async (hash) => inBlock.get(hash) ?? (pending.spansBlocks ? await params.getReceipt(hash) : undefined)),
    );
    const mined = receipts.filter((receipt): receipt is TransactionReceipt => receipt !== undefined);
    const complete = pending.txHashes.length > 0 && mined.length === pending.txHashes.length;
    const succeeded = pending.allowReverted || mined.every((receipt) => receipt.status === 'success');
    if (!complete || !succeeded) {
      dropped.push(pending);
      continue;
    }
    const block = mined.reduce((max, receipt) => (receipt.blockNumber > max ? receipt.blockNumber : max), 0n);
    labels.push(normalizeLabel({ ...pending, chainId: params.chainId, block: Number(block) }));
  }
  return { labels, dropped };
}

/** A label with lowercase addresses, string amounts and keys in the documented order. */
export function normalizeLabel(label: Label): Label {
  const normalized: Label = {
    chainId: label.chainId,
    block: label.block,
    kind: label.kind,
    txHashes: [...label.txHashes],
    actors: label.actors.map((actor) => actor.toLowerCase()),
    targets: label.targets.map((target) => target.toLowerCase()),
    amounts: Object.fromEntries(Object.entries(label.amounts).map(([key, value]) => [key, String(value)])),
  };
  if (label.meta && Object.keys(label.meta).length > 0) normalized.meta = { ...label.meta };
  return normalized;
}
