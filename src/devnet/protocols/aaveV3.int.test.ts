import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createPublicClient,
  createWalletClient,
  getAbiItem,
  getAddress,
  maxUint256,
  parseAbi,
  parseEther,
  parseEventLogs,
  parseUnits,
  type Address,
} from 'viem';
import { foundry } from 'viem/chains';
import { startAnvil, type Anvil } from '../anvil/startAnvil.js';
import { loadArtifact } from '../artifacts.js';
import { createDevnetTransport } from '../clients.js';
import { deployContract } from '../deployContract.js';
import { WETH9_ARTIFACT } from './weth.js';
import {
  borrow,
  deployAaveV3,
  getAssetPriceBase,
  getUserAccountData,
  isLiquidatable,
  liquidate,
  loadAaveV3Artifact,
  repay,
  setAggregatorPrice,
  supply,
  withdraw,
  type AaveV3Clients,
  type AaveV3Deployment,
  type AaveV3ReserveConfig,
} from './aaveV3.js';
import { aaveV3DataProviderAbi, aaveV3Erc20Abi, aaveV3MockAggregatorAbi, aaveV3OracleAbi, aaveV3PoolAbi } from './aaveV3Abis.js';
import { AaveV3Error } from './aaveV3Errors.js';

const poolArtifactAbi = loadAaveV3Artifact('Pool').abi;

let anvil: Anvil | undefined;
let rpcUrl: string;
let admin: AaveV3Clients;
let lender: AaveV3Clients;
let borrower: AaveV3Clients;
let liquidator: AaveV3Clients;
let tokens: { WETH: Address; USDC: Address; DAI: Address; WBTC: Address };
let aave: AaveV3Deployment;
let deployMs: number;

function clientsFor(account: Address): AaveV3Clients {
  return {
    publicClient: createPublicClient({ chain: foundry, transport: createDevnetTransport(rpcUrl), pollingInterval: 50 }),
    walletClient: createWalletClient({ chain: foundry, transport: createDevnetTransport(rpcUrl), account, pollingInterval: 50 }),
  };
}

const balanceOf = (token: Address, owner: Address) =>
  admin.publicClient.readContract({ address: token, abi: aaveV3Erc20Abi, functionName: 'balanceOf', args: [owner] });

async function mint(token: Address, to: Address, amountRaw: bigint): Promise<void> {
  const hash = await admin.walletClient.writeContract({ address: token, abi: aaveV3Erc20Abi, functionName: 'mint', args: [to, amountRaw] });
  await admin.publicClient.waitForTransactionReceipt({ hash });
}

async function deployTestTokens(): Promise<typeof tokens> {
  const mintable = loadAaveV3Artifact('MintableERC20');
  const deployMintable = async (name: string, symbol: string, decimals: number) =>
    (await deployContract(admin, { artifact: mintable, args: [name, symbol, decimals] })).address;
  return {
    WETH: (await deployContract(admin, { artifact: loadArtifact(WETH9_ARTIFACT) })).address,
    USDC: await deployMintable('USD Coin', 'USDC', 6),
    DAI: await deployMintable('Dai Stablecoin', 'DAI', 18),
    WBTC: await deployMintable('Wrapped BTC', 'WBTC', 8),
  };
}

function reserveConfigs(): AaveV3ReserveConfig[] {
  const volatile = { ltvBps: 8_000, liquidationThresholdBps: 8_250, liquidationBonusBps: 500, borrowingEnabled: true };
  const stable = { ltvBps: 7_500, liquidationThresholdBps: 8_000, liquidationBonusBps: 500, borrowingEnabled: true, rateStrategy: 'stable' as const };
  return [
    { asset: tokens.WETH, symbol: 'WETH', decimals: 18, priceUsd: 3_000, ...volatile },
    { asset: tokens.USDC, symbol: 'USDC', decimals: 6, priceUsd: 1, ...stable },
    { asset: tokens.DAI, symbol: 'DAI', decimals: 18, priceUsd: 1, ...stable },
    { asset: tokens.WBTC, symbol: 'WBTC', decimals: 8, priceUsd: 60_000, ...volatile, ltvBps: 7_000, liquidationThresholdBps: 7_500, liquidationBonusBps: 650 },
  ];
}

beforeAll(async () => {
  anvil = await startAnvil({ chainId: 31337 });
  rpcUrl = anvil.rpcUrl;
  const accounts = await createWalletClient({ chain: foundry, transport: createDevnetTransport(rpcUrl) }).getAddresses();
  [admin, lender, borrower, liquidator] = accounts.slice(0, 4).map(clientsFor) as [AaveV3Clients, AaveV3Clients, AaveV3Clients, AaveV3Clients];
  tokens = await deployTestTokens();
  const startedAt = performance.now();
  aave = await deployAaveV3({ ...admin, reserves: reserveConfigs() });
  deployMs = performance.now() - startedAt;
});

afterAll(async () => {
  await anvil?.stop();
});

describe('deployAaveV3()', () => {
  it('lists every reserve with its risk parameters, tokens and oracle price', async () => {
    const { publicClient } = admin;
    expect(deployMs).toBeLessThan(60_000);
    expect(aave.txCount).toBeGreaterThan(40);
    // anvil automines one block per transaction, so the block range must hold exactly the deployment txs.
    expect(aave.endBlock - aave.startBlock + 1n).toBe(BigInt(aave.txCount));
    const listed = await publicClient.readContract({ address: aave.pool, abi: aaveV3PoolAbi, functionName: 'getReservesList' });
    expect(listed.map((a) => getAddress(a))).toEqual([tokens.WETH, tokens.USDC, tokens.DAI, tokens.WBTC]);

    const weth = await publicClient.readContract({
      address: aave.dataProvider, abi: aaveV3DataProviderAbi, functionName: 'getReserveConfigurationData', args: [tokens.WETH],
    });
    // decimals, ltv, liquidationThreshold, liquidationBonus (Aave form), reserveFactor, collateral, borrowing, stable, active, frozen
    expect(weth).toEqual([18n, 8_000n, 8_250n, 10_500n, 1_000n, true, true, false, true, false]);

    for (const [symbol, priceBase] of [['WETH', 3_000n], ['USDC', 1n], ['DAI', 1n], ['WBTC', 60_000n]] as const) {
      expect(await getAssetPriceBase(publicClient, { oracle: aave.oracle, asset: tokens[symbol] })).toBe(priceBase * 10n ** 8n);
      expect(aave.aTokens[tokens[symbol]]).toMatch(/^0x[0-9a-fA-F]{40}$/);
      expect(aave.variableDebtTokens[tokens[symbol]]).toMatch(/^0x[0-9a-fA-F]{40}$/);
    }
  });

  it('rejects a liquidation bonus given in Aave storage form (10_500) before sending any transaction', async () => {
    const nonceBefore = await admin.publicClient.getTransactionCount({ address: admin.walletClient.account.address });
    const reserves = [{ ...reserveConfigs()[0]!, liquidationBonusBps: 10_500 }];
    await expect(deployAaveV3({ ...admin, reserves })).rejects.toBeInstanceOf(AaveV3Error);
    expect(await admin.publicClient.getTransactionCount({ address: admin.walletClient.account.address })).toBe(nonceBefore);
  });
});

describe('Aave V3 lending lifecycle on anvil', () => {
  const wethSupplied = parseEther('10');
  const usdcBorrowed = parseUnits('23700', 6); // 98.75% of the 24,000 USD the LTV allows
  const debtToCover = parseUnits('11850', 6);

  it('supply and borrow emit Supply, Borrow and ReserveDataUpdated', async () => {
    const fromBlock = aave.endBlock + 1n;
    const lenderAddress = lender.walletClient.account.address;
    const borrowerAddress = borrower.walletClient.account.address;
    await mint(tokens.USDC, lenderAddress, parseUnits('100000', 6));
    await supply(lender, { pool: aave.pool, asset: tokens.USDC, amountRaw: parseUnits('100000', 6) });

    const deposit = await borrower.walletClient.writeContract({
      address: tokens.WETH, abi: parseAbi(['function deposit() payable']), functionName: 'deposit', value: wethSupplied,
    });
    await borrower.publicClient.waitForTransactionReceipt({ hash: deposit });
    await supply(borrower, { pool: aave.pool, asset: tokens.WETH, amountRaw: wethSupplied });
    expect((await getUserAccountData(admin.publicClient, { pool: aave.pool, user: borrowerAddress })).availableBorrowsBase).toBe(24_000n * 10n ** 8n);
    const borrowReceipt = await borrow(borrower, { pool: aave.pool, asset: tokens.USDC, amountRaw: usdcBorrowed });

    const supplies = await admin.publicClient.getLogs({ address: aave.pool, event: getAbiItem({ abi: aaveV3PoolAbi, name: 'Supply' }), fromBlock, strict: true });
    expect(supplies.map((l) => [getAddress(l.args.reserve), getAddress(l.args.onBehalfOf), l.args.amount])).toEqual([
      [tokens.USDC, getAddress(lenderAddress), parseUnits('100000', 6)],
      [tokens.WETH, getAddress(borrowerAddress), wethSupplied],
    ]);
    const borrows = await admin.publicClient.getLogs({ address: aave.pool, event: getAbiItem({ abi: aaveV3PoolAbi, name: 'Borrow' }), fromBlock, strict: true });
    expect(borrows).toHaveLength(1);
    expect(borrows[0]!.args).toMatchObject({ reserve: tokens.USDC, onBehalfOf: getAddress(borrowerAddress), amount: usdcBorrowed, interestRateMode: 2 });
    const updates = parseEventLogs({ abi: aaveV3PoolAbi, logs: borrowReceipt.logs, eventName: 'ReserveDataUpdated' });
    expect(updates.map((l) => getAddress(l.args.reserve))).toEqual([tokens.USDC]);
    expect(updates[0]!.args.variableBorrowRate).toBeGreaterThan(0n);

    const data = await getUserAccountData(admin.publicClient, { pool: aave.pool, user: borrowerAddress });
    expect(isLiquidatable(data)).toBe(false);
    expect(Number(data.healthFactor) / 1e18).toBeCloseTo((30_000 * 0.825) / 23_700, 3);
  });

  it('a 20% WETH price drop through the oracle makes the borrower liquidatable', async () => {
    const { aggregator, receipt } = await setAggregatorPrice(admin, { oracle: aave.oracle, asset: tokens.WETH, priceUsd: 2_400 });
    const [sourceUpdated] = parseEventLogs({ abi: aaveV3OracleAbi, logs: receipt.logs, eventName: 'AssetSourceUpdated' });
    expect(sourceUpdated?.args).toEqual({ asset: tokens.WETH, source: getAddress(aggregator) });
    const answers = await admin.publicClient.getLogs({ address: aggregator, event: getAbiItem({ abi: aaveV3MockAggregatorAbi, name: 'AnswerUpdated' }), fromBlock: 0n, strict: true });
    expect(answers.map((l) => l.args.current)).toEqual([2_400n * 10n ** 8n]);
    expect(await getAssetPriceBase(admin.publicClient, { oracle: aave.oracle, asset: tokens.WETH })).toBe(2_400n * 10n ** 8n);

    const data = await getUserAccountData(admin.publicClient, { pool: aave.pool, user: borrower.walletClient.account.address });
    expect(isLiquidatable(data)).toBe(true);
    expect(Number(data.healthFactor) / 1e18).toBeCloseTo((24_000 * 0.825) / 23_700, 3);
  });

  it('liquidationCall repays the debt and seizes the collateral plus the 5% bonus', async () => {
    const liquidatorAddress = liquidator.walletClient.account.address;
    const borrowerAddress = borrower.walletClient.account.address;
    await mint(tokens.USDC, liquidatorAddress, debtToCover);
    const receipt = await liquidate(liquidator, {
      pool: aave.pool, collateralAsset: tokens.WETH, debtAsset: tokens.USDC, user: borrowerAddress, debtToCoverRaw: debtToCover,
    });

    // Decoded with the full Pool ABI from the artifact, as an indexer would.
    const [liquidation, ...others] = parseEventLogs({ abi: poolArtifactAbi, logs: receipt.logs, eventName: 'LiquidationCall' });
    expect(others).toHaveLength(0);
    expect(getAddress(liquidation!.address)).toBe(getAddress(aave.pool));
    // 11,850 USDC / 2,400 USD per WETH = 4.9375 WETH, x 1.05 bonus = 5.184375 WETH (no protocol fee configured)
    const seized = 5_184_375_000_000_000_000n;
    expect(liquidation!.args).toEqual({
      collateralAsset: tokens.WETH,
      debtAsset: tokens.USDC,
      user: getAddress(borrowerAddress),
      debtToCover,
      liquidatedCollateralAmount: seized,
      liquidator: getAddress(liquidatorAddress),
      receiveAToken: false,
    });
    expect(await balanceOf(tokens.WETH, liquidatorAddress)).toBe(seized);
    const updated = parseEventLogs({ abi: poolArtifactAbi, logs: receipt.logs, eventName: 'ReserveDataUpdated' });
    expect(new Set(updated.map((l) => getAddress((l.args as { reserve: Address }).reserve)))).toEqual(new Set([tokens.USDC, tokens.WETH]));
  });

  it('the borrower repays the remaining debt and withdraws the remaining collateral', async () => {
    const borrowerAddress = borrower.walletClient.account.address;
    const repayReceipt = await repay(borrower, { pool: aave.pool, asset: tokens.USDC, amountRaw: maxUint256 });
    const [repaid] = parseEventLogs({ abi: aaveV3PoolAbi, logs: repayReceipt.logs, eventName: 'Repay' });
    expect(repaid!.args.amount).toBeGreaterThanOrEqual(usdcBorrowed - debtToCover);
    expect((await getUserAccountData(admin.publicClient, { pool: aave.pool, user: borrowerAddress })).totalDebtBase).toBe(0n);

    const withdrawReceipt = await withdraw(borrower, { pool: aave.pool, asset: tokens.WETH, amountRaw: maxUint256 });
    const [withdrawn] = parseEventLogs({ abi: aaveV3PoolAbi, logs: withdrawReceipt.logs, eventName: 'Withdraw' });
    // No WETH was borrowed, so its liquidity index stayed at 1 and the aToken balance is exact.
    expect(withdrawn!.args.amount).toBe(wethSupplied - 5_184_375_000_000_000_000n);
    expect(await balanceOf(tokens.WETH, borrowerAddress)).toBe(wethSupplied - 5_184_375_000_000_000_000n);
  });
});
