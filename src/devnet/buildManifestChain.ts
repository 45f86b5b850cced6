import type { DevnetChainDeployment } from './deployDevnetChain.js';
import type { DevnetManifestChain } from './manifest.js';

/** Where a devnet chain runs. */
export interface DevnetChainEndpoint {
  chainId: number;
  name: string;
  rpcUrl: string;
  wsUrl: string;
}

/** Builds the manifest entry of one chain from its endpoint and deployment (pure). */
export function buildManifestChain(
  endpoint: DevnetChainEndpoint,
  deployment: DevnetChainDeployment,
  finalityDepth: number,
): DevnetManifestChain {
  const { uniswapV2 } = deployment;
  return {
    chainId: endpoint.chainId,
    name: endpoint.name,
    rpcUrl: endpoint.rpcUrl,
    wsUrl: endpoint.wsUrl,
    finalityDepth,
    startBlock: 0,
    contracts: { WETH9: deployment.weth, UniswapV2Factory: uniswapV2.factory, UniswapV2Router02: uniswapV2.router },
    tokens: deployment.tokens.map(({ address, symbol, name, decimals }) => ({ address, symbol, name, decimals })),
    pools: uniswapV2.pairs.map(({ address, token0, token1 }) => ({ protocol: 'uniswap-v2', address, token0, token1 })),
    protocols: [
      { slug: 'uniswap-v2', name: 'Uniswap V2', category: 'Dexes', contracts: [uniswapV2.factory, uniswapV2.router] },
    ],
  };
}
