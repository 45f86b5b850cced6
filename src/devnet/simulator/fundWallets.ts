import { encodeFunctionData, maxUint256, parseEther, type Address, type Hash, type Hex, type LocalAccount } from 'viem';
import { erc20Abi, wethAbi } from '../abis.js';
import type { TxRequest } from '../activity/createTxSender.js';
import { DevnetTransactionError } from '../errors.js';
import { usdToAmountRaw } from '../protocols/tokens.js';
import type { SimWorld } from './types.js';

/** What {@link fundWallets} gives every wallet. */
export interface WalletFunding {
  /** Native balance set with `anvil_setBalance`. Default 1,000 ETH. */
  ethWei?: bigint;
  /** USD value of each token to hold, by symbol (WETH is wrapped from ETH, the others self-minted). */
  tokensUsd?: Readonly<Record<string, number>>;
  /** Spenders approved for max uint256 on every token of `tokensUsd`. */
  spenders?: readonly Address[];
  /** Extra approvals: `token` approved for `spender` (e.g. V2 pair LP tokens for the router). */
  approvals?: readonly { token: Address; spender: Address }[];
  /** Extra transactions after the funding, in order (e.g. an Aave deposit). */
  extra?: (wallet: LocalAccount) => readonly Omit<TxRequest, 'account' | 'maxPriorityFeePerGas'>[];
}

const FUNDING_GAS = 120_000n;
const FUNDING_TIP = 1_000_000_000n;
const MAX_FUNDING_BLOCKS = 200;

/**
 * Funds agent wallets in as few blocks as the gas limit allows: sets ETH balances, then signs every mint,
 * WETH deposit, approval and extra transaction and sends them in one JSON-RPC batch (in order, so block
 * contents are deterministic) with automining off, mines until all are included, and turns automining back
 * on (the `setup` contract). Tokens use the devnet's open `mint`, so funding never touches the deployer.
 * @throws {DevnetTransactionError} when a funding transaction is refused, reverts or is not mined.
 */
export async function fundWallets(world: SimWorld, wallets: readonly LocalAccount[], funding: WalletFunding): Promise<void> {
  const { testClient } = world.clients;
  const weth = world.deployment.tokens.find((token) => token.address === world.deployment.weth);
  const wrapUsd = funding.tokensUsd?.['WETH'] ?? 0;
  // ETH to wrap comes on top of the requested native balance.
  const ethWei = (funding.ethWei ?? parseEther('1000')) + (weth && wrapUsd > 0 ? usdToAmountRaw(weth, wrapUsd) : 0n);
  for (const wallet of wallets) await testClient.setBalance({ address: wallet.address, value: ethWei });
  const requests = wallets.flatMap((wallet) => buildRequests(world, wallet, funding));
  if (requests.length > 0) await sendBatchAndMine(world, requests, 'fund agent wallets');
}

/**
 * Signs `requests` with fresh nonces, sends them as one ordered JSON-RPC batch with automining off, mines
 * until the pool is empty and checks every receipt; automining is back on afterwards. The shared sender
 * forgets its nonces (they moved behind its back).
 * @throws {DevnetTransactionError} when a transaction is refused, reverts or is not mined.
 */
export async function sendBatchAndMine(world: SimWorld, requests: readonly TxRequest[], label: string): Promise<void> {
  const { testClient, publicClient, chain } = world.clients;
  const reader = world.reader ?? publicClient;
  await testClient.setAutomine(false);
  try {
    const latest = await publicClient.getBlock({ blockTag: 'latest' });
    const maxFeePerGas = (latest.baseFeePerGas ?? 1_000_000_000n) * 4n + FUNDING_TIP;
    const accounts = [...new Set(requests.map((request) => request.account.address))];
    const counts = await Promise.all(accounts.map((address) => reader.getTransactionCount({ address, blockTag: 'pending' })));
    const nonces = new Map(accounts.map((address, i) => [address, counts[i]!]));
    const raws: Hex[] = [];
    for (const request of requests) {
      const nonce = nonces.get(request.account.address)!;
      nonces.set(request.account.address, nonce + 1);
      raws.push(await request.account.signTransaction({
        chainId: chain.id, type: 'eip1559', nonce, to: request.to, data: request.data, value: request.value ?? 0n, gas: request.gas,
        maxPriorityFeePerGas: request.maxPriorityFeePerGas, maxFeePerGas,
      }));
    }
    let hashes: Hash[];
    try {
      hashes = await Promise.all(raws.map((serializedTransaction) => reader.sendRawTransaction({ serializedTransaction })));
    } catch (error) {
      throw new DevnetTransactionError(label, { cause: error, details: 'A transaction was refused.' });
    }
    const wanted = new Set(hashes);
    for (let block = 0; block < MAX_FUNDING_BLOCKS && wanted.size > 0; block++) {
      await testClient.request({ method: 'evm_mine', params: undefined });
      for (const receipt of await publicClient.getBlockReceipts({ blockTag: 'latest' })) {
        if (!wanted.delete(receipt.transactionHash)) continue;
        if (receipt.status !== 'success') throw new DevnetTransactionError(label, { details: `Transaction ${receipt.transactionHash} reverted.` });
      }
    }
    if (wanted.size > 0) throw new DevnetTransactionError(label, { details: `${wanted.size} transactions not mined.` });
  } finally {
    world.sender.resetNonces();
    await testClient.setAutomine(true);
  }
}

function buildRequests(world: SimWorld, wallet: LocalAccount, funding: WalletFunding): TxRequest[] {
  const { deployment } = world;
  const base = { account: wallet, gas: FUNDING_GAS, maxPriorityFeePerGas: FUNDING_TIP };
  const requests: TxRequest[] = [];
  for (const [symbol, usd] of Object.entries(funding.tokensUsd ?? {})) {
    const token = deployment.tokens.find((candidate) => candidate.symbol === symbol);
    if (!token) throw new RangeError(`fundWallets: unknown token ${symbol}`);
    const amount = usdToAmountRaw(token, usd);
    const data =
      token.address === deployment.weth
        ? encodeFunctionData({ abi: wethAbi, functionName: 'deposit' })
        : encodeFunctionData({ abi: erc20Abi, functionName: 'mint', args: [wallet.address, amount] });
    requests.push({ ...base, to: token.address, data, value: token.address === deployment.weth ? amount : 0n });
    for (const spender of funding.spenders ?? []) requests.push(approve(base, token.address, spender));
  }
  for (const { token, spender } of funding.approvals ?? []) requests.push(approve(base, token, spender));
  for (const extra of funding.extra?.(wallet) ?? []) requests.push({ ...base, ...extra });
  return requests;
}

function approve(base: Omit<TxRequest, 'to'>, token: Address, spender: Address): TxRequest {
  return { ...base, to: token, data: encodeFunctionData({ abi: erc20Abi, functionName: 'approve', args: [spender, maxUint256] }) };
}
