import { encodePacked, keccak256 } from 'viem';
import { privateKeyToAccount, type PrivateKeyAccount } from 'viem/accounts';

/** Default number of retail trader wallets per chain. */
export const DEFAULT_RETAIL_TRADERS = 16;

/**
 * Derives `count` retail trader wallets from `seed`: private key i is keccak256("devnet-trader", seed, i)
 * (the addresses of the devnet's first activity loop, kept). Devnet keys only.
 */
export function createRetailWallets(seed: number, count: number = DEFAULT_RETAIL_TRADERS): PrivateKeyAccount[] {
  return Array.from({ length: count }, (_, index) =>
    privateKeyToAccount(keccak256(encodePacked(['string', 'uint256', 'uint256'], ['devnet-trader', BigInt(seed), BigInt(index)]))),
  );
}
