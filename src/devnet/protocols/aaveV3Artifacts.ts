import { loadArtifact, type Artifact } from '../artifacts.js';

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

/**
 * Loads a compiled Aave V3 artifact from the installed `@aave/core-v3` package with the shared `loadArtifact`
 * (cached by `require`). Link libraries with `deployContract`'s `libraries`.
 * @throws {ArtifactNotFoundError} when the file is missing or has no creation code.
 */
export function loadAaveV3Artifact(name: AaveV3ContractName): Artifact {
  return loadArtifact(`@aave/core-v3/artifacts/contracts/${AAVE_V3_ARTIFACT_PATHS[name]}/${name}.json`);
}
