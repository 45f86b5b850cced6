import { maxUint256, type Address } from 'viem';
import { erc20Abi } from './abis.js';
import type { TxClients } from './clients.js';
import { confirmTransaction } from './confirmTransaction.js';

/** Parameters of {@link ensureAllowance}. */
export interface EnsureAllowanceParameters {
  token: Address;
  spender: Address;
  /** The allowance needed; when the current one is lower, `spender` is approved for max uint256. */
  amountRaw: bigint;
}

/**
 * Approves `spender` for the maximum amount when the wallet's current allowance on `token` is below
 * `amountRaw`, and waits for the receipt (expects automining).
 * @throws {DevnetTransactionError} when the approval reverts.
 */
export async function ensureAllowance(clients: TxClients, { token, spender, amountRaw }: EnsureAllowanceParameters): Promise<void> {
  const owner = clients.walletClient.account.address;
  const allowance = await clients.publicClient.readContract({ address: token, abi: erc20Abi, functionName: 'allowance', args: [owner, spender] });
  if (allowance >= amountRaw) return;
  await confirmTransaction(
    clients.publicClient,
    clients.walletClient.writeContract({ address: token, abi: erc20Abi, functionName: 'approve', args: [spender, maxUint256] }),
    { label: `approve ${spender} on ${token}` },
  );
}
