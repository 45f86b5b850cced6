import type { ChainSources } from './chainsFile.js';

/**
 * Mainnet deployments of the protocols we decode, by chain id, from the protocols' own deployment docs
 * (Uniswap v2/v3 "Deployments" pages, Aave V3 address book). Factories are roots: the indexer discovers their pairs
 * and pools from PairCreated/PoolCreated. A chains-file entry opts in with `"useRegistry": true`; see docs/chains.md.
 */
export const mainnetRegistry: Record<number, Omit<ChainSources, 'tokens' | 'priceFeeds'>> = {
  1: {
    uniswapV2Factories: ['0x5c69bee701ef814a2b6a3edd4b1652cb9cc5aa6f'],
    uniswapV3Factories: ['0x1f98431c8ad98523631ae4a59f267346ea31f984'],
    aaveV3Pools: ['0x87870bca3f3fd6335c3f4ce8392d69350b4fa4e2'],
  },
  10: {
    uniswapV2Factories: ['0x0c3c1c532f1e39edf36be9fe0be1410313e074bf'],
    uniswapV3Factories: ['0x1f98431c8ad98523631ae4a59f267346ea31f984'],
    aaveV3Pools: ['0x794a61358d6845594f94dc1db02a252b5b4814ad'],
  },
  56: {
    uniswapV2Factories: ['0x8909dc15e40173ff4699343b6eb8132c65e18ec6'],
    uniswapV3Factories: ['0xdb1d10011ad0ff90774d0c6bb92e5c5c8b4461f7'],
    aaveV3Pools: ['0x6807dc923806fe8fd134338eabca509979a7e0cb'],
  },
  137: {
    uniswapV2Factories: ['0x9e5a52f57b3038f1b8eee45f28b3c1967e22799c'],
    uniswapV3Factories: ['0x1f98431c8ad98523631ae4a59f267346ea31f984'],
    aaveV3Pools: ['0x794a61358d6845594f94dc1db02a252b5b4814ad'],
  },
  8453: {
    uniswapV2Factories: ['0x8909dc15e40173ff4699343b6eb8132c65e18ec6'],
    uniswapV3Factories: ['0x33128a8fc17869897dce68ed026d694621f6fdfd'],
    aaveV3Pools: ['0xa238dd80c259a72e81d7e4664a9801593f98d1c5'],
  },
  42161: {
    uniswapV2Factories: ['0xf1d7cc64fb4452f05c498126312ebe29f30fbcf9'],
    uniswapV3Factories: ['0x1f98431c8ad98523631ae4a59f267346ea31f984'],
    aaveV3Pools: ['0x794a61358d6845594f94dc1db02a252b5b4814ad'],
  },
  43114: {
    uniswapV2Factories: ['0x9e5a52f57b3038f1b8eee45f28b3c1967e22799c'],
    uniswapV3Factories: ['0x740b1c1de25031c31ff4fc9a62f554a55cdc1bad'],
    aaveV3Pools: ['0x794a61358d6845594f94dc1db02a252b5b4814ad'],
  },
};
