import { erc20Abi, isAddressEqual, maxUint256, type Abi, type Account, type Address, type Chain, type Hash, type Hex, type Log, type PublicClient, type TransactionReceipt, type Transport, type WalletClient } from 'viem';
import { UniswapV3Error } from './uniswapV3Errors.js';

/** The clients every Uniswap V3 devnet helper needs: a wallet with an account and a chain, and a reader. */
export interface V3Clients {
  walletClient: WalletClient<Transport, Chain, Account>;
  publicClient: PublicClient;
}

/** Waits for `hash` to be mined and returns its receipt. Throws `UniswapV3Error` when it reverted. */
export async function confirmTransaction(publicClient: PublicClient, hash: Hash, label: string): Promise<TransactionReceipt> {
  const receipt = await publicClient.waitForTransactionReceipt({ hash });
  if (receipt.status !== 'success') throw new UniswapV3Error(`${label} reverted`, { details: `tx ${hash}` });
  return receipt;
}

/** Deploys creation code with constructor args and returns the new contract's address and the receipt. */
export async function deployBytecode(
  { walletClient, publicClient }: V3Clients,
  label: string,
  abi: Abi,
  bytecode: Hex,
  args: readonly unknown[] = [],
): Promise<{ address: Address; receipt: TransactionReceipt }> {
  const hash = await walletClient.deployContract({ abi, bytecode, args });
  const receipt = await confirmTransaction(publicClient, hash, `Deploying ${label}`);
  if (!receipt.contractAddress) throw new UniswapV3Error(`Deploying ${label} returned no contract address`, { details: `tx ${hash}` });
  return { address: receipt.contractAddress, receipt };
}

/** Approves `spender` for the maximum amount when the wallet's current allowance is below `amountRaw`. */
export async function ensureAllowance(clients: V3Clients, token: Address, spender: Address, amountRaw: bigint): Promise<void> {
  const owner = clients.walletClient.account.address;
  const allowance = await clients.publicClient.readContract({ address: token, abi: erc20Abi, functionName: 'allowance', args: [owner, spender] });
  if (allowance >= amountRaw) return;
  const hash = await clients.walletClient.writeContract({ address: token, abi: erc20Abi, functionName: 'approve', args: [spender, maxUint256] });
  await confirmTransaction(clients.publicClient, hash, `Approving ${spender} on ${token}`);
}

/** Keeps only the logs one contract emitted (a receipt also holds token and pool logs). */
export function logsFrom(receipt: TransactionReceipt, address: Address): Log[] {
  return receipt.logs.filter((log) => isAddressEqual(log.address, address));
}
