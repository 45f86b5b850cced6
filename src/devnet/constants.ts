/**
 * The well-known Foundry/Hardhat test mnemonic. Account 0 deploys every contract, so the same
 * nonces give the same addresses on every chain and every run. Never use it outside a devnet.
 */
export const DEVNET_MNEMONIC = 'test test test test test test test test test test test junk';

/** ETH given to each of anvil's mnemonic accounts at genesis. */
export const DEVNET_ACCOUNT_BALANCE_ETH = 1_000_000;

/** Reorg-safety depth written to the manifest (blocks behind head considered final). */
export const DEVNET_FINALITY_DEPTH = 5;

/** The chains started when none are given. */
export const DEFAULT_DEVNET_CHAINS: readonly { chainId: number; name: string }[] = [
  { chainId: 1, name: 'ethereum' },
  { chainId: 42161, name: 'arbitrum' },
];
