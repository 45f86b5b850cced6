import { TransactionReceiptNotFoundError, type Hash, type PublicClient, type TransactionReceipt } from 'viem';
import { DevnetTransactionError } from './errors.js';

/** Options of {@link confirmTransaction}. */
export interface ConfirmTransactionOptions {
  /** Names the transaction in errors, e.g. `deploy UniswapV2Factory`. */
  label: string;
  /** Give up after this long. Default 30,000 ms. */
  timeoutMs?: number;
}

/**
 * Waits for the receipt of `hash` (given directly or as the promise of a write) and checks it succeeded.
 * Polls every 5 ms, which suits a local automining node.
 * @throws {DevnetTransactionError} when sending fails, the transaction reverts, or no receipt arrives in time.
 */
export async function confirmTransaction(
  publicClient: PublicClient,
  hash: Hash | Promise<Hash>,
  options: ConfirmTransactionOptions,
): Promise<TransactionReceipt> {
  let txHash: Hash;
  try {
    txHash = await hash;
  } catch (error) {
    throw new DevnetTransactionError(options.label, { cause: error, details: shortMessageOf(error) });
  }
  const deadline = Date.now() + (options.timeoutMs ?? 30_000);
  for (;;) {
    try {
      const receipt = await publicClient.getTransactionReceipt({ hash: txHash });
      if (receipt.status !== 'success') {
        throw new DevnetTransactionError(options.label, { details: `Transaction ${txHash} reverted.` });
      }
      return receipt;
    } catch (error) {
      if (!(error instanceof TransactionReceiptNotFoundError)) throw error;
    }
    if (Date.now() > deadline) {
      throw new DevnetTransactionError(options.label, { details: `No receipt for ${txHash}.`, retryable: true });
    }
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

function shortMessageOf(error: unknown): string {
  if (error && typeof error === 'object' && 'shortMessage' in error) return String(error.shortMessage);
  return String(error);
}
