import { keccak256 } from 'viem';
import { loadArtifact } from '../artifacts.js';
import { UniswapV3Error } from './uniswapV3Errors.js';
import { POOL_INIT_CODE_HASH } from './uniswapV3Math.js';

const CORE = '@uniswap/v3-core/artifacts/contracts';
const PERIPHERY = '@uniswap/v3-periphery/artifacts/contracts';

/** npm module paths of every artifact the Uniswap V3 devnet deploys (read with the shared `loadArtifact`). */
export const V3_ARTIFACT_PATHS = {
  factory: `${CORE}/UniswapV3Factory.sol/UniswapV3Factory.json`,
  pool: `${CORE}/UniswapV3Pool.sol/UniswapV3Pool.json`,
  nftDescriptor: `${PERIPHERY}/libraries/NFTDescriptor.sol/NFTDescriptor.json`,
  positionDescriptor: `${PERIPHERY}/NonfungibleTokenPositionDescriptor.sol/NonfungibleTokenPositionDescriptor.json`,
  positionManager: `${PERIPHERY}/NonfungiblePositionManager.sol/NonfungiblePositionManager.json`,
  swapRouter: `${PERIPHERY}/SwapRouter.sol/SwapRouter.json`,
  quoterV2: `${PERIPHERY}/lens/QuoterV2.sol/QuoterV2.json`,
  migrator: `${PERIPHERY}/V3Migrator.sol/V3Migrator.json`,
  multicall: `${PERIPHERY}/lens/UniswapInterfaceMulticall.sol/UniswapInterfaceMulticall.json`,
} as const;

/** The fully qualified name under which NonfungibleTokenPositionDescriptor links the NFTDescriptor library. */
export const NFT_DESCRIPTOR_LINK_KEY = 'contracts/libraries/NFTDescriptor.sol:NFTDescriptor';

/**
 * Checks that the npm v3-core UniswapV3Pool creation code hashes to the periphery's `POOL_INIT_CODE_HASH`;
 * otherwise the NonfungiblePositionManager and SwapRouter would compute wrong pool addresses.
 * @throws {UniswapV3Error} on a mismatch.
 */
export function assertPoolInitCodeHash(): void {
  const actual = keccak256(loadArtifact(V3_ARTIFACT_PATHS.pool).bytecode);
  if (actual !== POOL_INIT_CODE_HASH) {
    throw new UniswapV3Error('UniswapV3Pool init code hash does not match the periphery PoolAddress library', {
      details: `pool bytecode hash ${actual}, periphery expects ${POOL_INIT_CODE_HASH}`,
    });
  }
}
