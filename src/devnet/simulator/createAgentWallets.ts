import { encodePacked, keccak256 } from 'viem';
import { privateKeyToAccount, type PrivateKeyAccount } from 'viem/accounts';

/**
 * Derives `count` wallets for one agent kind: private key i is keccak256("devnet-agent", kind, seed, i).
 * The same seed gives the same addresses on every chain and every run; kinds never share a wallet.
 * Devnet keys only.
 */
export function createAgentWallets(kind: string, seed: number, count: number): PrivateKeyAccount[] {
  return Array.from({ length: count }, (_, index) =>
    privateKeyToAccount(
      keccak256(encodePacked(['string', 'string', 'uint256', 'uint256'], ['devnet-agent', kind, BigInt(seed), BigInt(index)])),
    ),
  );
}
