import { parseAbi } from 'viem';

// Typed fragments of the @aave/core-v3 1.19.x ABIs, generated from the artifacts with abitype's formatAbiItem.
// aaveV3Artifacts.test.ts checks every fragment still exists in its artifact.

/** Pool (proxy) functions and events the devnet uses. */
export const aaveV3PoolAbi = parseAbi([
  'function initialize(address provider)',
  'function supply(address asset, uint256 amount, address onBehalfOf, uint16 referralCode)',
  'function borrow(address asset, uint256 amount, uint256 interestRateMode, uint16 referralCode, address onBehalfOf)',
  'function repay(address asset, uint256 amount, uint256 interestRateMode, address onBehalfOf) returns (uint256)',
  'function withdraw(address asset, uint256 amount, address to) returns (uint256)',
  'function liquidationCall(address collateralAsset, address debtAsset, address user, uint256 debtToCover, bool receiveAToken)',
  'function getUserAccountData(address user) view returns (uint256 totalCollateralBase, uint256 totalDebtBase, uint256 availableBorrowsBase, uint256 currentLiquidationThreshold, uint256 ltv, uint256 healthFactor)',
  'function getReservesList() view returns (address[])',
  'event Supply(address indexed reserve, address user, address indexed onBehalfOf, uint256 amount, uint16 indexed referralCode)',
  'event Borrow(address indexed reserve, address user, address indexed onBehalfOf, uint256 amount, uint8 interestRateMode, uint256 borrowRate, uint16 indexed referralCode)',
  'event Repay(address indexed reserve, address indexed user, address indexed repayer, uint256 amount, bool useATokens)',
  'event Withdraw(address indexed reserve, address indexed user, address indexed to, uint256 amount)',
  'event LiquidationCall(address indexed collateralAsset, address indexed debtAsset, address indexed user, uint256 debtToCover, uint256 liquidatedCollateralAmount, address liquidator, bool receiveAToken)',
  'event ReserveDataUpdated(address indexed reserve, uint256 liquidityRate, uint256 stableBorrowRate, uint256 variableBorrowRate, uint256 liquidityIndex, uint256 variableBorrowIndex)',
]);

/** PoolConfigurator functions used to list and configure reserves. */
export const aaveV3PoolConfiguratorAbi = parseAbi([
  'function initialize(address provider)',
  'struct InitReserveInput { address aTokenImpl; address stableDebtTokenImpl; address variableDebtTokenImpl; uint8 underlyingAssetDecimals; address interestRateStrategyAddress; address underlyingAsset; address treasury; address incentivesController; string aTokenName; string aTokenSymbol; string variableDebtTokenName; string variableDebtTokenSymbol; string stableDebtTokenName; string stableDebtTokenSymbol; bytes params; }',
  'function initReserves(InitReserveInput[] input)',
  'function configureReserveAsCollateral(address asset, uint256 ltv, uint256 liquidationThreshold, uint256 liquidationBonus)',
  'function setReserveBorrowing(address asset, bool enabled)',
  'function setReserveFactor(address asset, uint256 newReserveFactor)',
  'function setReserveFlashLoaning(address asset, bool enabled)',
  'function setSupplyCap(address asset, uint256 newSupplyCap)',
  'function setBorrowCap(address asset, uint256 newBorrowCap)',
]);

/** PoolAddressesProvider setters and getters. */
export const aaveV3AddressesProviderAbi = parseAbi([
  'function setACLAdmin(address newAclAdmin)',
  'function setACLManager(address newAclManager)',
  'function setPoolImpl(address newPoolImpl)',
  'function setPoolConfiguratorImpl(address newPoolConfiguratorImpl)',
  'function setPriceOracle(address newPriceOracle)',
  'function setPoolDataProvider(address newDataProvider)',
  'function getPool() view returns (address)',
  'function getPoolConfigurator() view returns (address)',
]);

/** PoolAddressesProviderRegistry. */
export const aaveV3RegistryAbi = parseAbi(['function registerAddressesProvider(address provider, uint256 id)']);

/** ACLManager role grants. */
export const aaveV3AclManagerAbi = parseAbi([
  'function addPoolAdmin(address admin)',
  'function addRiskAdmin(address admin)',
  'function addEmergencyAdmin(address admin)',
  'function addAssetListingAdmin(address admin)',
]);

/** AaveOracle. */
export const aaveV3OracleAbi = parseAbi([
  'function setAssetSources(address[] assets, address[] sources)',
  'function getAssetPrice(address asset) view returns (uint256)',
  'function getAssetsPrices(address[] assets) view returns (uint256[])',
  'function getSourceOfAsset(address asset) view returns (address)',
  'event AssetSourceUpdated(address indexed asset, address indexed source)',
]);

/** AaveProtocolDataProvider reads. */
export const aaveV3DataProviderAbi = parseAbi([
  'function getReserveTokensAddresses(address asset) view returns (address aTokenAddress, address stableDebtTokenAddress, address variableDebtTokenAddress)',
  'function getReserveConfigurationData(address asset) view returns (uint256 decimals, uint256 ltv, uint256 liquidationThreshold, uint256 liquidationBonus, uint256 reserveFactor, bool usageAsCollateralEnabled, bool borrowingEnabled, bool stableBorrowRateEnabled, bool isActive, bool isFrozen)',
  'function getAllReservesTokens() view returns ((string symbol, address tokenAddress)[])',
  'function getUserReserveData(address asset, address user) view returns (uint256 currentATokenBalance, uint256 currentStableDebt, uint256 currentVariableDebt, uint256 principalStableDebt, uint256 scaledVariableDebt, uint256 stableBorrowRate, uint256 liquidityRate, uint40 stableRateLastUpdated, bool usageAsCollateralEnabled)',
]);

/** AToken implementation initializer (called once on the implementation, as the deploy scripts do). */
export const aaveV3ATokenAbi = parseAbi([
  'function initialize(address initializingPool, address treasury, address underlyingAsset, address incentivesController, uint8 aTokenDecimals, string aTokenName, string aTokenSymbol, bytes params)',
]);

/** Stable and variable debt token implementation initializer (same signature on both). */
export const aaveV3DebtTokenAbi = parseAbi([
  'function initialize(address initializingPool, address underlyingAsset, address incentivesController, uint8 debtTokenDecimals, string debtTokenName, string debtTokenSymbol, bytes params)',
]);

/** MockAggregator: immutable answer, `AnswerUpdated` emitted once from the constructor. */
export const aaveV3MockAggregatorAbi = parseAbi([
  'function latestAnswer() view returns (int256)',
  'event AnswerUpdated(int256 indexed current, uint256 indexed roundId, uint256 updatedAt)',
]);

/** The ERC20 calls the actions need, plus MintableERC20's `mint(account, value)` for test tokens. */
export const aaveV3Erc20Abi = parseAbi([
  'function approve(address spender, uint256 amount) returns (bool)',
  'function allowance(address owner, address spender) view returns (uint256)',
  'function balanceOf(address account) view returns (uint256)',
  'function mint(address account, uint256 value) returns (bool)',
]);
