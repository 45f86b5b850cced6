import type { Hash } from 'viem';
import type { DevnetClients } from '../clients.js';
import { DevnetTransactionError } from '../errors.js';

/**
 * Mines blocks (`evm_mine`, manual mining) until every hash has a receipt, at most `maxBlocks`.
 * @throws {DevnetTransactionError} when a transaction reverted or is still pending after `maxBlocks`.
 */
export async function mineUntilIncluded(
  clients: DevnetClients,
  hashes: readonly Hash[],
  label: string,
  maxBlocks = 10,
): Promise<void> {
  let pending = [...hashes];
  for (let block = 0; block < maxBlocks && pending.length > 0; block++) {
    await clients.testClient.request({ method: 'evm_mine', params: undefined });
    const receipts = await Promise.all(
      pending.map((hash) => clients.publicClient.getTransactionReceipt({ hash }).catch(() => undefined)),
    );
    const reverted = receipts.find((receipt) => receipt !== undefined && receipt.status !== 'success');
    if (reverted) throw new DevnetTransactionError(label, { details: `Transaction ${reverted.transactionHash} reverted.` });
    pending = pending.filter((_, index) => receipts[index] === undefined);
  }
  if (pending.length > 0) {
    throw new DevnetTransactionError(label, { details: `${pending.length} transactions not mined after ${maxBlocks} blocks.` });
  }
}
