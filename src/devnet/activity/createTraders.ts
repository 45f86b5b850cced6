import { encodePacked, keccak256 } from 'viem';
import { privateKeyToAccount, type PrivateKeyAccount } from 'viem/accounts';

/** Default number of trader wallets per devnet. */
export const DEFAULT_TRADER_COUNT = 16;

/**
 * Derives `count` trader wallets from `seed`: private key i is keccak256("devnet-trader", seed, i).
 * The same seed gives the same addresses on every chain and every run. Devnet keys only.
 */
export function createTraders(seed: number, count: number = DEFAULT_TRADER_COUNT): PrivateKeyAccount[] {
  return Array.from({ length: count }, (_, index) =>
    privateKeyToAccount(
      keccak256(encodePacked(['string', 'uint256', 'uint256'], ['devnet-trader', BigInt(seed), BigInt(index)])),
    ),
  );
}
