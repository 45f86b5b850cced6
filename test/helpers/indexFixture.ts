import { maxUint256, type Address } from 'viem';
import { NO_SOURCES, type ChainConfig } from '../../src/config/chainsFile.js';
import { erc20Abi, uniswapV2RouterAbi } from '../../src/devnet/abis.js';
import { startAnvil, type Anvil } from '../../src/devnet/anvil/startAnvil.js';
import { createDevnetClients, type DevnetClients } from '../../src/devnet/clients.js';
import { deployDevnetChain, type DevnetChainDeployment } from '../../src/devnet/deployDevnetChain.js';
import { createRandom } from '../../src/devnet/utils/random.js';
import { rpc } from './rpc.js';

/** A devnet chain (WETH, ERC-20s, Uniswap V2) whose blocks the test mines itself, with seeded activity. */
export interface IndexFixture {
  anvil: Anvil;
  clients: DevnetClients;
  deployment: DevnetChainDeployment;
  /** Chain config indexing the fixture's tokens and V2 factory at `rpcUrl` (default: anvil directly). */
  chainConfig(overrides?: Partial<ChainConfig>): ChainConfig;
  /** Mines `blocks` blocks of seeded mints, transfers and router swaps; `timestampStepSec` changes hashes. */
  mine(blocks: number, seed: number, timestampStepSec?: number): Promise<void>;
  head(): Promise<{ number: number; hash: string }>;
  stop(): Promise<void>;
}

/** Starts anvil, deploys with automine, approves the router, then turns automine off. */
export async function createIndexFixture(chainId: number): Promise<IndexFixture> {
  const anvil = await startAnvil({ chainId });
  const clients = createDevnetClients({ rpcUrl: anvil.rpcUrl, chainId, name: `fixture-${chainId}` });
  const deployment = await deployDevnetChain(clients);
  const { walletClient, publicClient } = clients;
  for (const token of deployment.tokens) {
    const hash = await walletClient.writeContract({ address: token.address, abi: erc20Abi, functionName: 'approve', args: [deployment.uniswapV2.router, maxUint256] });
    await publicClient.waitForTransactionReceipt({ hash });
  }
  await rpc(anvil.rpcUrl, 'evm_setAutomine', [false]);
  const me = clients.deployer.address;
  const holders: Address[] = Array.from({ length: 8 }, (_, i) => `0x${(0xabc0 + i).toString(16).padStart(40, '0')}` as Address);

  async function send(random: ReturnType<typeof createRandom>, nonce: number): Promise<void> {
    const token = deployment.tokens[random.int(1, deployment.tokens.length - 1)]!;
    const amount = BigInt(random.int(1, 1000)) * 10n ** BigInt(Math.max(0, token.decimals - 3));
    const kind = random.int(0, 2);
    if (kind === 0) {
      await walletClient.writeContract({ address: token.address, abi: erc20Abi, functionName: 'mint', args: [holders[random.int(0, 7)]!, amount], nonce, gas: 200_000n });
    } else if (kind === 1) {
      await walletClient.writeContract({ address: token.address, abi: erc20Abi, functionName: 'mint', args: [me, amount], nonce, gas: 200_000n });
    } else {
      const pair = deployment.uniswapV2.pairs[random.int(0, deployment.uniswapV2.pairs.length - 1)]!;
      const [tokenIn, tokenOut] = random.next() < 0.5 ? [pair.token0, pair.token1] : [pair.token1, pair.token0];
      const decimals = deployment.tokens.find((t) => t.address === tokenIn)!.decimals;
      await walletClient.writeContract({ address: tokenIn, abi: erc20Abi, functionName: 'mint', args: [me, 10n ** BigInt(decimals)], nonce, gas: 200_000n });
      await walletClient.writeContract({
        address: deployment.uniswapV2.router,
        abi: uniswapV2RouterAbi,
        functionName: 'swapExactTokensForTokens',
        args: [10n ** BigInt(Math.max(0, decimals - 2)), 0n, [tokenIn, tokenOut], me, maxUint256],
        nonce: nonce + 1,
        gas: 300_000n,
      });
    }
  }

  return {
    anvil,
    clients,
    deployment,
    chainConfig: (overrides = {}) => ({
      chainId,
      name: `fixture-${chainId}`,
      rpcUrls: [anvil.rpcUrl],
      wsUrls: [anvil.wsUrl],
      finalityDepth: 64,
      startBlock: 0,
      pollIntervalMs: 100,
      maxLogRange: 2000,
      ...overrides,
      sources: overrides.sources ?? {
        ...NO_SOURCES,
        tokens: deployment.tokens.map((t) => t.address.toLowerCase()),
        uniswapV2Factories: [deployment.uniswapV2.factory.toLowerCase()],
      },
    }),
    async mine(blocks, seed, timestampStepSec) {
      const random = createRandom(seed);
      for (let b = 0; b < blocks; b++) {
        let nonce = await publicClient.getTransactionCount({ address: me, blockTag: 'pending' });
        const actions = random.int(1, 3);
        for (let a = 0; a < actions; a++) {
          await send(random, nonce);
          nonce = await publicClient.getTransactionCount({ address: me, blockTag: 'pending' });
        }
        if (timestampStepSec === undefined) await rpc(anvil.rpcUrl, 'evm_mine');
        else {
          const latest = await rpc<{ timestamp: string }>(anvil.rpcUrl, 'eth_getBlockByNumber', ['latest', false]);
          await rpc(anvil.rpcUrl, 'evm_mine', [Number(latest.timestamp) + timestampStepSec]);
        }
      }
    },
    async head() {
      const block = await rpc<{ number: string; hash: string }>(anvil.rpcUrl, 'eth_getBlockByNumber', ['latest', false]);
      return { number: Number(block.number), hash: block.hash };
    },
    stop: () => anvil.stop(),
  };
}
