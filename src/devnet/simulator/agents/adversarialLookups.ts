import type { Address } from 'viem';
import { erc20Abi } from '../../abis.js';
import type { DevnetToken } from '../../protocols/tokens.js';
import type { DevnetV2Pair } from '../../protocols/uniswapV2.js';
import type { SimDeployment, SimWorld } from '../types.js';

/*
 * Deployment lookups shared by the adversarial agents (sandwich bot, wash trader, pump and dump, smart trader,
 * sybil cluster). Wallets come from `../createAgentWallets.ts` and funding from `../fundWallets.ts`.
 */

/**
 * The deployed token with `symbol`.
 * @throws {RangeError} when the deployment has no such token.
 */
export function tokenBySymbol(deployment: SimDeployment, symbol: string): DevnetToken {
  const token = deployment.tokens.find((candidate) => candidate.symbol === symbol);
  if (!token) throw new RangeError(`No token ${symbol} in the deployment`);
  return token;
}

/** The deployed token at `address` (case-insensitive), if any. */
export function tokenByAddress(deployment: SimDeployment, address: Address): DevnetToken | undefined {
  const lower = address.toLowerCase();
  return deployment.tokens.find((token) => token.address.toLowerCase() === lower);
}

/**
 * The V2 pair of two tokens given by symbol, in either order.
 * @throws {RangeError} when no such pair was deployed.
 */
export function pairBySymbols(deployment: SimDeployment, symbolA: string, symbolB: string): DevnetV2Pair {
  const pair = deployment.v2.pairs.find(
    (candidate) =>
      (candidate.symbol0 === symbolA && candidate.symbol1 === symbolB) ||
      (candidate.symbol0 === symbolB && candidate.symbol1 === symbolA),
  );
  if (!pair) throw new RangeError(`No V2 pair ${symbolA}/${symbolB} in the deployment`);
  return pair;
}

/** The V2 pair of two token addresses (case-insensitive, either order), if deployed. */
export function pairByTokens(deployment: SimDeployment, tokenA: Address, tokenB: Address): DevnetV2Pair | undefined {
  const [a, b] = [tokenA.toLowerCase(), tokenB.toLowerCase()];
  return deployment.v2.pairs.find((pair) => {
    const [t0, t1] = [pair.token0.toLowerCase(), pair.token1.toLowerCase()];
    return (t0 === a && t1 === b) || (t0 === b && t1 === a);
  });
}

/** Reads `owner`'s balance of each token (base units), in the order given. */
export function readTokenBalances(world: SimWorld, owner: Address, tokens: readonly Address[]): Promise<bigint[]> {
  return Promise.all(
    tokens.map((token) =>
      world.clients.publicClient.readContract({ address: token, abi: erc20Abi, functionName: 'balanceOf', args: [owner] }),
    ),
  );
}

/** Lowercase form of an address, as labels store them. */
export function lower(address: Address): string {
  return address.toLowerCase();
}
