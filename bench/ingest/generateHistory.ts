import { encodeFunctionData, maxUint256, numberToHex, parseEther, type Address } from 'viem';
import { mnemonicToAccount } from 'viem/accounts';
import { erc20Abi, uniswapV2RouterAbi, wethAbi } from '../../src/devnet/abis.js';
import { startAnvil, type Anvil } from '../../src/devnet/anvil/startAnvil.js';
import { createDevnetClients } from '../../src/devnet/clients.js';
import { DEVNET_MNEMONIC } from '../../src/devnet/constants.js';
import { deployDevnetChain, type DevnetChainDeployment } from '../../src/devnet/deployDevnetChain.js';
import { usdToAmountRaw } from '../../src/devnet/protocols/tokens.js';
import { DEVNET_V2_POOL_SPECS } from '../../src/devnet/protocols/uniswapV2.js';
import { createRandom } from '../../src/devnet/utils/random.js';
import { expectedEventsPerTx, planHistoryTx, type HistoryContext, type HistoryTx } from './planHistoryTx.js';
import { rpcBatch, rpcCall, type RpcCall } from './rpcBatch.js';

/** Options of {@link generateHistory}. */
export interface GenerateHistoryOptions {
  chainId: number;
  /** Stop once the planned transactions should have yielded this many decoded events. */
  targetEvents: number;
  txPerBlock: number;
  /** Trader accounts (mnemonic accounts 1..traders); each has its own nonce sequence. */
  traders: number;
  /** Empty blocks mined after the history, so every block with events is final for both indexers. */
  tailBlocks: number;
  seed: number;
  onProgress?: (message: string) => void;
}

/** The generated chain. */
export interface History {
  anvil: Anvil;
  deployment: DevnetChainDeployment;
  head: { number: number; hash: string };
  historyBlocks: number;
  historyTxs: number;
  failedTxs: number;
  generationMs: number;
}

/** Calls per HTTP request when submitting a block's transactions. */
const SEND_BATCH = 100;

function sendCall(tx: Pick<HistoryTx, 'from' | 'to' | 'data' | 'gas'> & { value?: bigint }, nonce: number): RpcCall {
  const value = tx.value === undefined ? {} : { value: numberToHex(tx.value) };
  return { method: 'eth_sendTransaction', params: [{ from: tx.from, to: tx.to, data: tx.data, gas: numberToHex(tx.gas), nonce: numberToHex(nonce), ...value }] };
}

/** Submits transactions (anvil signs for its unlocked dev accounts), mines one block, and counts reverts. */
async function mineBlock(url: string, calls: RpcCall[]): Promise<{ txs: number; failed: number }> {
  const batches: Promise<unknown[]>[] = [];
  for (let i = 0; i < calls.length; i += SEND_BATCH) batches.push(rpcBatch(url, calls.slice(i, i + SEND_BATCH)));
  await Promise.all(batches);
  await rpcCall(url, 'evm_mine');
  const receipts = await rpcCall<{ status: string }[]>(url, 'eth_getBlockReceipts', ['latest']);
  if (receipts.length !== calls.length) throw new Error(`mined ${receipts.length} of ${calls.length} transactions`);
  return { txs: receipts.length, failed: receipts.filter((r) => r.status !== '0x1').length };
}

function createNonces() {
  const next = new Map<Address, number>();
  return (address: Address) => {
    const nonce = next.get(address) ?? 0;
    next.set(address, nonce + 1);
    return nonce;
  };
}

/** Funds the traders (mints, WETH), approves the router for tokens and pairs, and adds 1 % liquidity to every pair. */
async function setUpTraders(url: string, deployment: DevnetChainDeployment, traders: Address[], nonce: (a: Address) => number) {
  const { tokens, weth } = deployment;
  const { router, pairs } = deployment.uniswapV2;
  const funding: RpcCall[] = [];
  for (const from of traders) {
    for (const token of tokens) {
      if (token.address !== weth) {
        const data = encodeFunctionData({ abi: erc20Abi, functionName: 'mint', args: [from, usdToAmountRaw(token, 1e10)] });
        funding.push(sendCall({ from, to: token.address, data, gas: 150_000n }, nonce(from)));
      }
      const approve = encodeFunctionData({ abi: erc20Abi, functionName: 'approve', args: [router, maxUint256] });
      funding.push(sendCall({ from, to: token.address, data: approve, gas: 100_000n }, nonce(from)));
    }
    funding.push(sendCall({ from, to: weth, data: encodeFunctionData({ abi: wethAbi, functionName: 'deposit' }), gas: 100_000n, value: parseEther('200000') }, nonce(from)));
    for (const pair of pairs) {
      const approve = encodeFunctionData({ abi: erc20Abi, functionName: 'approve', args: [router, maxUint256] });
      funding.push(sendCall({ from, to: pair.address, data: approve, gas: 100_000n }, nonce(from)));
    }
  }
  const liquidity: RpcCall[] = [];
  const bySymbol = new Map(tokens.map((t) => [t.symbol, t]));
  for (const from of traders) {
    for (const spec of DEVNET_V2_POOL_SPECS) {
      const [a, b] = [bySymbol.get(spec.symbolA)!, bySymbol.get(spec.symbolB)!];
      const side = spec.liquidityUsd / 200;
      const args = [a.address, b.address, usdToAmountRaw(a, side), usdToAmountRaw(b, side), 0n, 0n, from, maxUint256] as const;
      liquidity.push(sendCall({ from, to: router, data: encodeFunctionData({ abi: uniswapV2RouterAbi, functionName: 'addLiquidity', args }), gas: 400_000n }, nonce(from)));
    }
  }
  for (const calls of [funding, liquidity]) {
    const { failed } = await mineBlock(url, calls);
    if (failed > 0) throw new Error(`${failed} trader set-up transactions reverted`);
  }
  const supplies = await rpcBatch(
    url,
    pairs.map((pair) => ({ method: 'eth_call', params: [{ to: pair.address, data: encodeFunctionData({ abi: erc20Abi, functionName: 'totalSupply' }) }, 'latest'] })),
  );
  // Each trader holds ~1 % of every pair; a remove burns a millionth of the supply.
  return new Map(pairs.map((pair, i) => [pair.address, BigInt(supplies[i] as string) / 1_000_000n]));
}

/**
 * Starts anvil, deploys the devnet protocols (automine), then mines blocks of `txPerBlock` mixed ERC-20 and
 * Uniswap V2 router transactions from several trader accounts until `targetEvents` decoded events are planned,
 * and finally `tailBlocks` empty blocks. Stops anvil if anything fails.
 */
export async function generateHistory(options: GenerateHistoryOptions): Promise<History> {
  const started = performance.now();
  const log = options.onProgress ?? (() => undefined);
  const anvil = await startAnvil({ chainId: options.chainId, accounts: options.traders + 1, extraArgs: ['--gas-limit', '1000000000'] });
  try {
    const url = anvil.rpcUrl;
    const clients = createDevnetClients({ rpcUrl: url, chainId: options.chainId, name: 'bench-ingest' });
    const deployment = await deployDevnetChain(clients);
    log(`deployed the devnet protocols in ${((performance.now() - started) / 1000).toFixed(1)} s (block ${deployment.deployedAtBlock})`);
    await rpcCall(url, 'evm_setAutomine', [false]);
    const traders = Array.from({ length: options.traders }, (_, i) => mnemonicToAccount(DEVNET_MNEMONIC, { addressIndex: i + 1 }).address);
    const nonce = createNonces();
    const lpPerRemove = await setUpTraders(url, deployment, traders, nonce);
    const context: HistoryContext = { traders, tokens: deployment.tokens, pairs: deployment.uniswapV2.pairs, router: deployment.uniswapV2.router, weth: deployment.weth, lpPerRemove };
    const random = createRandom(options.seed);
    const totalTxs = Math.ceil(options.targetEvents / expectedEventsPerTx());
    let historyTxs = 0;
    let failedTxs = 0;
    let historyBlocks = 0;
    while (historyTxs < totalTxs) {
      const count = Math.min(options.txPerBlock, totalTxs - historyTxs);
      const calls = Array.from({ length: count }, () => {
        const tx = planHistoryTx(random, context);
        return sendCall(tx, nonce(tx.from));
      });
      const mined = await mineBlock(url, calls);
      historyTxs += mined.txs;
      failedTxs += mined.failed;
      historyBlocks++;
      if (historyBlocks % 25 === 0) log(`mined ${historyBlocks} blocks, ${historyTxs}/${totalTxs} transactions (${failedTxs} reverted)`);
    }
    await rpcCall(url, 'anvil_mine', [numberToHex(options.tailBlocks)]);
    const latest = await rpcCall<{ number: string; hash: string }>(url, 'eth_getBlockByNumber', ['latest', false]);
    return {
      anvil,
      deployment,
      head: { number: Number(latest.number), hash: latest.hash },
      historyBlocks,
      historyTxs,
      failedTxs,
      generationMs: performance.now() - started,
    };
  } catch (error) {
    await anvil.stop();
    throw error;
  }
}
