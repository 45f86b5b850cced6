import { parseUnits, type Address } from 'viem';
import { loadArtifact } from '../artifacts.js';
import type { DevnetClients } from '../clients.js';
import { deployContract } from '../deployContract.js';

/** npm artifact of Aave's MintableERC20: constructor (name, symbol, decimals) and an open `mint`. */
export const MINTABLE_ERC20_ARTIFACT =
  '@aave/core-v3/artifacts/contracts/mocks/tokens/MintableERC20.sol/MintableERC20.json';

/** A token to deploy, with the USD price its pools are seeded at. */
export interface TokenSpec {
  symbol: string;
  name: string;
  decimals: number;
  /** Reference price used to seed pool reserves (not an oracle). */
  referencePriceUsd: number;
}

/** A deployed token. */
export interface DevnetToken extends TokenSpec {
  address: Address;
}

/** The ERC-20s every devnet chain gets, in deployment order (the order fixes their addresses). */
export const DEVNET_TOKEN_SPECS: readonly TokenSpec[] = [
  { symbol: 'USDC', name: 'USD Coin', decimals: 6, referencePriceUsd: 1 },
  { symbol: 'USDT', name: 'Tether USD', decimals: 6, referencePriceUsd: 1 },
  { symbol: 'DAI', name: 'Dai Stablecoin', decimals: 18, referencePriceUsd: 1 },
  { symbol: 'WBTC', name: 'Wrapped BTC', decimals: 8, referencePriceUsd: 60_000 },
  { symbol: 'LINK', name: 'ChainLink Token', decimals: 18, referencePriceUsd: 15 },
  { symbol: 'UNI', name: 'Uniswap', decimals: 18, referencePriceUsd: 8 },
  { symbol: 'MEME', name: 'Meme Coin', decimals: 18, referencePriceUsd: 0.001 },
];

/** Reference price of ETH, used for WETH. */
export const ETH_REFERENCE_PRICE_USD = 3_000;

/**
 * Deploys one MintableERC20 per spec, sequentially (deterministic nonces, hence addresses).
 * @throws {DevnetTransactionError} when a deployment reverts.
 */
export async function deployTokens(
  clients: DevnetClients,
  specs: readonly TokenSpec[] = DEVNET_TOKEN_SPECS,
): Promise<DevnetToken[]> {
  const artifact = loadArtifact(MINTABLE_ERC20_ARTIFACT);
  const tokens: DevnetToken[] = [];
  for (const spec of specs) {
    const { address } = await deployContract(clients, { artifact, args: [spec.name, spec.symbol, spec.decimals] });
    tokens.push({ ...spec, address });
  }
  return tokens;
}

/** Converts a USD value into base units of `token` at its reference price (truncated). */
export function usdToAmountRaw(token: Pick<TokenSpec, 'decimals' | 'referencePriceUsd'>, valueUsd: number): bigint {
  const units = valueUsd / token.referencePriceUsd;
  return parseUnits(units.toFixed(Math.min(token.decimals, 8)), token.decimals);
}
