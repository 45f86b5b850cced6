import { createRequire } from 'node:module';
import { isHex, keccak256, type Abi, type Hex } from 'viem';
import { UniswapV3Error } from './uniswapV3Errors.js';
import { POOL_INIT_CODE_HASH } from './uniswapV3Math.js';

/** The parts of a Hardhat artifact (`_format: hh-sol-artifact-1`) that deployment needs. */
export interface ContractArtifact {
  contractName: string;
  abi: Abi;
  bytecode: Hex;
  /** `{ [sourcePath]: { [libraryName]: [{ start, length }] } }`, offsets in bytes into `bytecode` (without 0x). */
  linkReferences?: Record<string, Record<string, { start: number; length: number }[]>>;
}

const require = createRequire(import.meta.url);

const CORE = '@uniswap/v3-core/artifacts/contracts';
const PERIPHERY = '@uniswap/v3-periphery/artifacts/contracts';

/** npm module paths of every artifact the Uniswap V3 devnet deploys. */
export const V3_ARTIFACT_PATHS = {
  factory: `${CORE}/UniswapV3Factory.sol/UniswapV3Factory.json`,
  pool: `${CORE}/UniswapV3Pool.sol/UniswapV3Pool.json`,
  nftDescriptor: `${PERIPHERY}/libraries/NFTDescriptor.sol/NFTDescriptor.json`,
  positionDescriptor: `${PERIPHERY}/NonfungibleTokenPositionDescriptor.sol/NonfungibleTokenPositionDescriptor.json`,
  positionManager: `${PERIPHERY}/NonfungiblePositionManager.sol/NonfungiblePositionManager.json`,
  swapRouter: `${PERIPHERY}/SwapRouter.sol/SwapRouter.json`,
  quoterV2: `${PERIPHERY}/lens/QuoterV2.sol/QuoterV2.json`,
} as const;

/** Loads a Hardhat artifact from an npm package path. Throws `UniswapV3Error` when it is missing or malformed. */
export function loadArtifact(modulePath: string): ContractArtifact {
  let raw: unknown;
  try {
    raw = require(modulePath);
  } catch (cause) {
    throw new UniswapV3Error(`Cannot load contract artifact ${modulePath}`, { cause });
  }
  const artifact = raw as Partial<ContractArtifact>;
  if (!Array.isArray(artifact.abi) || typeof artifact.bytecode !== 'string' || !artifact.bytecode.startsWith('0x')) {
    throw new UniswapV3Error(`Malformed contract artifact ${modulePath}`, { details: 'expected abi[] and 0x-prefixed bytecode' });
  }
  return artifact as ContractArtifact;
}

/**
 * Returns `artifact.bytecode` with every library placeholder replaced by its address.
 * `libraries` is keyed `'<sourcePath>:<LibraryName>'`, e.g. `'contracts/libraries/NFTDescriptor.sol:NFTDescriptor'`.
 * Throws `UniswapV3Error` when a referenced library has no address or the result is not valid hex.
 */
export function linkBytecode(artifact: ContractArtifact, libraries: Record<string, Hex>): Hex {
  let code = artifact.bytecode.slice(2);
  for (const [sourcePath, byName] of Object.entries(artifact.linkReferences ?? {})) {
    for (const [name, offsets] of Object.entries(byName)) {
      const key = `${sourcePath}:${name}`;
      const address = libraries[key];
      if (address === undefined || !isHex(address) || address.length !== 42) {
        throw new UniswapV3Error(`Missing library address for ${key}`, { details: `linking ${artifact.contractName}` });
      }
      for (const { start, length } of offsets) {
        const hexStart = 2 * start;
        code = code.slice(0, hexStart) + address.slice(2).toLowerCase() + code.slice(hexStart + 2 * length);
      }
    }
  }
  const linked: Hex = `0x${code}`;
  if (!isHex(linked, { strict: true })) {
    throw new UniswapV3Error(`Unlinked placeholders left in ${artifact.contractName} bytecode`);
  }
  return linked;
}

/**
 * Checks that the npm v3-core UniswapV3Pool creation code hashes to the periphery's `POOL_INIT_CODE_HASH`;
 * otherwise the NonfungiblePositionManager and SwapRouter would compute wrong pool addresses.
 * Throws `UniswapV3Error` on a mismatch.
 */
export function assertPoolInitCodeHash(): void {
  const actual = keccak256(loadArtifact(V3_ARTIFACT_PATHS.pool).bytecode);
  if (actual !== POOL_INIT_CODE_HASH) {
    throw new UniswapV3Error('UniswapV3Pool init code hash does not match the periphery PoolAddress library', {
      details: `pool bytecode hash ${actual}, periphery expects ${POOL_INIT_CODE_HASH}`,
    });
  }
}
