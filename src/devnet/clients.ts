import {
  createPublicClient,
  createTestClient,
  createWalletClient,
  defineChain,
  http,
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
  const transport = http(options.rpcUrl, { retryCount: 0 });
  const account = mnemonicToAccount(options.mnemonic ?? DEVNET_MNEMONIC);
  return {
    chain,
    deployer: account,
    publicClient: createPublicClient({ chain, transport, pollingInterval: 50 }),
    walletClient: createWalletClient({ chain, transport, account, pollingInterval: 50 }),
    testClient: createTestClient({ chain, transport, mode: 'anvil', pollingInterval: 50 }),
  };
}
