import { createRequire } from 'node:module';
import { isAddress, type Abi, type Address, type Hex } from 'viem';
import { AaveV3Error } from './aaveV3Errors.js';

/** Byte ranges (into the bytecode, without the `0x`) where a library address must be written. */
export type LinkReferences = Record<string, Record<string, readonly { start: number; length: number }[]>>;

/** The parts of a Hardhat artifact (`artifacts/**\/X.sol/X.json`) the deployer uses. */
export interface HardhatArtifact {
  contractName: string;
  sourceName: string;
  abi: Abi;
  /** Creation code; contains `__$<hash>$__` placeholders where `linkReferences` point. */
  bytecode: Hex;
  linkReferences: LinkReferences;
}

/** Aave V3 contracts the devnet deploys, keyed by contract name, as paths under `@aave/core-v3/artifacts/contracts/`. */
export const AAVE_V3_ARTIFACT_PATHS = {
  PoolAddressesProviderRegistry: 'protocol/configuration/PoolAddressesProviderRegistry.sol',
  PoolAddressesProvider: 'protocol/configuration/PoolAddressesProvider.sol',
  ACLManager: 'protocol/configuration/ACLManager.sol',
  SupplyLogic: 'protocol/libraries/logic/SupplyLogic.sol',
  BorrowLogic: 'protocol/libraries/logic/BorrowLogic.sol',
  LiquidationLogic: 'protocol/libraries/logic/LiquidationLogic.sol',
  EModeLogic: 'protocol/libraries/logic/EModeLogic.sol',
  BridgeLogic: 'protocol/libraries/logic/BridgeLogic.sol',
  FlashLoanLogic: 'protocol/libraries/logic/FlashLoanLogic.sol',
  PoolLogic: 'protocol/libraries/logic/PoolLogic.sol',
  ConfiguratorLogic: 'protocol/libraries/logic/ConfiguratorLogic.sol',
  Pool: 'protocol/pool/Pool.sol',
  PoolConfigurator: 'protocol/pool/PoolConfigurator.sol',
  DefaultReserveInterestRateStrategy: 'protocol/pool/DefaultReserveInterestRateStrategy.sol',
  AToken: 'protocol/tokenization/AToken.sol',
  StableDebtToken: 'protocol/tokenization/StableDebtToken.sol',
  VariableDebtToken: 'protocol/tokenization/VariableDebtToken.sol',
  AaveProtocolDataProvider: 'misc/AaveProtocolDataProvider.sol',
  AaveOracle: 'misc/AaveOracle.sol',
  MockAggregator: 'mocks/oracle/CLAggregators/MockAggregator.sol',
  MintableERC20: 'mocks/tokens/MintableERC20.sol',
} as const;

/** A contract name `loadAaveV3Artifact` accepts. */
export type AaveV3ContractName = keyof typeof AAVE_V3_ARTIFACT_PATHS;

const require = createRequire(import.meta.url);

/**
 * Loads a compiled Aave V3 artifact from the installed `@aave/core-v3` package (cached by `require`).
 * Throws `AaveV3Error` when the file is missing or has no creation code.
 */
export function loadAaveV3Artifact(name: AaveV3ContractName): HardhatArtifact {
  const path = `@aave/core-v3/artifacts/contracts/${AAVE_V3_ARTIFACT_PATHS[name]}/${name}.json`;
  let artifact: HardhatArtifact;
  try {
    artifact = require(path) as HardhatArtifact;
  } catch (cause) {
    throw new AaveV3Error(`Cannot load Aave V3 artifact ${name}`, { details: path, cause });
  }
  if (!artifact.bytecode || artifact.bytecode === '0x') {
    throw new AaveV3Error(`Aave V3 artifact ${name} has no creation code`, { details: path });
  }
  return artifact;
}

/**
 * Writes library addresses into an artifact's creation code at its `linkReferences` offsets (what Hardhat's
 * `linkBytecode` does). `libraries` is keyed by library name (`BorrowLogic`) or fully qualified name
 * (`contracts/.../BorrowLogic.sol:BorrowLogic`); the fully qualified key wins.
 * Throws `AaveV3Error` if a referenced library is missing, an address is malformed, or a placeholder remains.
 */
export function linkBytecode(artifact: HardhatArtifact, libraries: Readonly<Record<string, Address>> = {}): Hex {
  let code = artifact.bytecode.slice(2);
  for (const [sourceName, libs] of Object.entries(artifact.linkReferences)) {
    for (const [libName, refs] of Object.entries(libs)) {
      const address = libraries[`${sourceName}:${libName}`] ?? libraries[libName];
      if (address === undefined) {
        throw new AaveV3Error(`${artifact.contractName} needs library ${libName}, which was not provided`, {
          details: `link reference ${sourceName}:${libName}`,
        });
      }
      if (!isAddress(address, { strict: false })) {
        throw new AaveV3Error(`Library ${libName} has an invalid address`, { details: address });
      }
      const hex = address.slice(2).toLowerCase();
      for (const { start, length } of refs) {
        if (length !== 20) throw new AaveV3Error(`Unexpected link reference length ${length} for ${libName}`);
        code = code.slice(0, start * 2) + hex + code.slice((start + length) * 2);
      }
    }
  }
  if (code.includes('__$')) {
    throw new AaveV3Error(`${artifact.contractName} still has unlinked library placeholders`, {
      details: 'the artifact has placeholders that its linkReferences do not describe',
    });
  }
  return `0x${code}`;
}
