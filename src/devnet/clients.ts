import {
  createPublicClient,
  createTestClient,
  createWalletClient,
  defineChain,
  http,
  numberToHex,
  type Account,
  type Chain,
  type PublicClient,
  type TestClient,
  type Transport,
  type WalletClient,
} from 'viem';
import { mnemonicToAccount, type HDAccount } from 'viem/accounts';
import { DEVNET_MNEMONIC } from './constants.js';

/** The viem clients used to deploy to and drive one devnet chain. */
export interface DevnetClients {
  chain: Chain;
  /** Mnemonic account 0: deploys every contract and mints. */
  deployer: HDAccount;
  publicClient: PublicClient<Transport, Chain>;
  /** Signs locally with the deployer (mnemonic account 0). */
  walletClient: WalletClient<Transport, Chain, Account>;
  /** anvil-specific calls: `evm_mine`, `evm_setAutomine`, `anvil_setBalance`. */
  testClient: TestClient<'anvil', Transport, Chain>;
}

/** The two clients a deployment or a protocol helper needs: a reader and a wallet with an account. */
export type TxClients = Pick<DevnetClients, 'publicClient' | 'walletClient'>;

/** Options of {@link createDevnetClients}. */
export interface CreateDevnetClientsOptions {
  rpcUrl: string;
  chainId: number;
  name: string;
  /** Deployer mnemonic. Default {@link DEVNET_MNEMONIC} (account 0 deploys). */
  mnemonic?: string;
}

/** Builds HTTP viem clients for a devnet chain, with the deterministic deployer as wallet account. */
export function createDevnetClients(options: CreateDevnetClientsOptions): DevnetClients {
  const chain = defineChain({
    id: options.chainId,
    name: options.name,
    nativeCurrency: { name: 'Ether', symbol: 'ETH', decimals: 18 },
    rpcUrls: { default: { http: [options.rpcUrl] } },
  });
  const transport = createDevnetTransport(options.rpcUrl);
  const account = mnemonicToAccount(options.mnemonic ?? DEVNET_MNEMONIC);
  return {
    chain,
    deployer: account,
    publicClient: createPublicClient({ chain, transport, pollingInterval: 50 }),
    walletClient: createWalletClient({ chain, transport, account, pollingInterval: 50 }),
    testClient: createTestClient({ chain, transport, mode: 'anvil', pollingInterval: 50 }),
  };
}

/** Gas estimates are raised by this factor (percent) plus {@link GAS_ESTIMATE_EXTRA}. */
const GAS_ESTIMATE_PERCENT = 125n;
const GAS_ESTIMATE_EXTRA = 30_000n;

const padGas = (gas: string): string => numberToHex((BigInt(gas) * GAS_ESTIMATE_PERCENT) / 100n + GAS_ESTIMATE_EXTRA);

/**
 * HTTP transport to a devnet node (no retries) that pads gas estimates (`eth_estimateGas`, and the `gas` of
 * `eth_fillTransaction`, which viem prefers) by 25% + 30k gas. anvil's estimate is exact for the pending block,
 * but Uniswap and Aave spend more gas when the mined block has a later timestamp than the estimate's (oracle
 * observations, interest accrual), which made automined writes run out of gas now and then.
 */
export function createDevnetTransport(rpcUrl: string): Transport {
  const base = http(rpcUrl, { retryCount: 0 });
  return (params) => {
    const transport = base(params);
    const request = async (args: { method: string; params?: unknown }, options?: unknown): Promise<unknown> => {
      const result: unknown = await transport.request(args as never, options as never);
      if (args.method === 'eth_estimateGas' && typeof result === 'string') return padGas(result);
      if (args.method === 'eth_fillTransaction' && isFilled(result)) return { ...result, tx: { ...result.tx, gas: padGas(result.tx.gas) } };
      return result;
    };
    return { ...transport, request: request as typeof transport.request };
  };
}

function isFilled(value: unknown): value is { tx: { gas: string } } {
  if (typeof value !== 'object' || value === null || !('tx' in value)) return false;
  const tx = (value as { tx: unknown }).tx;
  return typeof tx === 'object' && tx !== null && typeof (tx as { gas?: unknown }).gas === 'string';
}
