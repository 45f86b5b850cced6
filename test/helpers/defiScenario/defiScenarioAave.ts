import { maxUint256, parseEther, parseUnits, type Address, type Hash } from 'viem';
import { wethAbi } from '../../../src/devnet/abis.js';
import { confirmTransaction } from '../../../src/devnet/confirmTransaction.js';
import { borrow, deployAaveV3, liquidate, loadAaveV3Artifact, repay, setAggregatorPrice, supply, withdraw, type AaveV3Clients } from '../../../src/devnet/protocols/aaveV3.js';
import { aaveV3Erc20Abi } from '../../../src/devnet/protocols/aaveV3Abis.js';
import { expectEvent, lc, lcFields, type ScenarioContext, type ScenarioWallet } from './defiScenarioContext.js';
import { mintToken } from './defiScenarioUniswap.js';

const poolAbi = loadAaveV3Artifact('Pool').abi;

interface ReserveData {
  currentLiquidityRate: bigint;
  currentStableBorrowRate: bigint;
  currentVariableBorrowRate: bigint;
  liquidityIndex: bigint;
  variableBorrowIndex: bigint;
}

// ReserveDataUpdated carries the state the transaction left, so reading it right after gives the exact values.
async function expectReserveUpdate(context: ScenarioContext, pool: Address, reserve: Address, txHash: Hash): Promise<void> {
  const data = (await context.clients.publicClient.readContract({ address: pool, abi: poolAbi, functionName: 'getReserveData', args: [reserve] })) as ReserveData;
  expectEvent(context, {
    kind: 'aaveV3ReserveDataUpdated',
    txHash,
    address: pool,
    reserve: lc(reserve),
    liquidityRate: data.currentLiquidityRate,
    stableBorrowRate: data.currentStableBorrowRate,
    variableBorrowRate: data.currentVariableBorrowRate,
    liquidityIndex: data.liquidityIndex,
    variableBorrowIndex: data.variableBorrowIndex,
  });
}

/**
 * Deploys an Aave V3 market (WETH, USDC) and runs the lending lifecycle of the devnet's Aave test: the lender supplies
 * USDC, the borrower supplies 10 WETH and borrows 23,700 USDC, WETH drops to 2,400 USD (a new MockAggregator), the
 * liquidator covers 11,850 USDC and seizes 5.184375 WETH, then the borrower repays and withdraws everything.
 */
export async function runAaveV3Steps(context: ScenarioContext): Promise<void> {
  const { clients, tokens, wallets } = context;
  const { publicClient, walletClient } = clients;
  const as = (wallet: ScenarioWallet): AaveV3Clients => ({ walletClient: wallet, publicClient });
  const common = { borrowingEnabled: true, liquidationBonusBps: 500 };
  const aave = await deployAaveV3({
    walletClient,
    publicClient,
    reserves: [
      { asset: tokens.weth, symbol: 'WETH', decimals: 18, priceUsd: 3_000, ltvBps: 8_000, liquidationThresholdBps: 8_250, ...common },
      { asset: tokens.usdc, symbol: 'USDC', decimals: 6, priceUsd: 1, ltvBps: 7_500, liquidationThresholdBps: 8_000, rateStrategy: 'stable', ...common },
    ],
  });
  const pool = aave.pool;
  for (const [asset, priceBase] of [[tokens.weth, 3_000n], [tokens.usdc, 1n]] as const) {
    const aggregator = Object.entries(aave.aggregators).find(([key]) => lc(key) === lc(asset))![1];
    expectEvent(context, { kind: 'priceFeedAnswerUpdated', address: aggregator, answer: priceBase * 10n ** 8n, roundId: 0n });
  }

  const lender = wallets.lender.account.address;
  const supplied = parseUnits('100000', 6);
  await mintToken(context, tokens.usdc, lender, supplied);
  const lenderSupply = await supply(as(wallets.lender), { pool, asset: tokens.usdc, amountRaw: supplied });
  expectEvent(context, { kind: 'aaveV3Supply', txHash: lenderSupply.transactionHash, address: pool, ...lcFields({ reserve: tokens.usdc, user: lender, onBehalfOf: lender }), amount: supplied, referralCode: 0 });
  await expectReserveUpdate(context, pool, tokens.usdc, lenderSupply.transactionHash);

  const borrower = wallets.borrower.account.address;
  const collateral = parseEther('10');
  await confirmTransaction(publicClient, wallets.borrower.writeContract({ address: tokens.weth, abi: wethAbi, functionName: 'deposit', value: collateral }), { label: 'wrap' });
  const collateralSupply = await supply(as(wallets.borrower), { pool, asset: tokens.weth, amountRaw: collateral });
  expectEvent(context, { kind: 'aaveV3Supply', txHash: collateralSupply.transactionHash, address: pool, ...lcFields({ reserve: tokens.weth, user: borrower, onBehalfOf: borrower }), amount: collateral, referralCode: 0 });
  const borrowed = parseUnits('23700', 6);
  const borrowReceipt = await borrow(as(wallets.borrower), { pool, asset: tokens.usdc, amountRaw: borrowed });
  await expectReserveUpdate(context, pool, tokens.usdc, borrowReceipt.transactionHash);
  const usdcRates = context.expected.at(-1) as { variableBorrowRate: bigint };
  expectEvent(context, {
    kind: 'aaveV3Borrow',
    txHash: borrowReceipt.transactionHash,
    address: pool,
    ...lcFields({ reserve: tokens.usdc, user: borrower, onBehalfOf: borrower }),
    amount: borrowed,
    interestRateMode: 2,
    borrowRate: usdcRates.variableBorrowRate,
    referralCode: 0,
  });

  const { aggregator } = await setAggregatorPrice(as(walletClient), { oracle: aave.oracle, asset: tokens.weth, priceUsd: 2_400 });
  expectEvent(context, { kind: 'priceFeedAnswerUpdated', address: aggregator, answer: 2_400n * 10n ** 8n, roundId: 0n });

  const liquidator = wallets.liquidator.account.address;
  const debtToCover = parseUnits('11850', 6);
  await mintToken(context, tokens.usdc, liquidator, debtToCover);
  const liquidation = await liquidate(as(wallets.liquidator), { pool, collateralAsset: tokens.weth, debtAsset: tokens.usdc, user: borrower, debtToCoverRaw: debtToCover });
  expectEvent(context, {
    kind: 'aaveV3LiquidationCall',
    txHash: liquidation.transactionHash,
    address: pool,
    ...lcFields({ collateralAsset: tokens.weth, debtAsset: tokens.usdc, user: borrower, liquidator }),
    debtToCover,
    // 11,850 USDC / 2,400 USD per WETH = 4.9375 WETH, plus the 5% bonus.
    liquidatedCollateralAmount: 5_184_375_000_000_000_000n,
    receiveAToken: false,
  });
  await expectReserveUpdate(context, pool, tokens.usdc, liquidation.transactionHash);
  await expectReserveUpdate(context, pool, tokens.weth, liquidation.transactionHash);

  const balance = (token: Address) => publicClient.readContract({ address: token, abi: aaveV3Erc20Abi, functionName: 'balanceOf', args: [borrower] });
  const usdcBefore = await balance(tokens.usdc);
  const repaid = await repay(as(wallets.borrower), { pool, asset: tokens.usdc, amountRaw: maxUint256 });
  const repaidAmount = usdcBefore - (await balance(tokens.usdc));
  expectEvent(context, { kind: 'aaveV3Repay', txHash: repaid.transactionHash, address: pool, ...lcFields({ reserve: tokens.usdc, user: borrower, repayer: borrower }), amount: repaidAmount, useATokens: false });

  const wethBefore = await balance(tokens.weth);
  const withdrawn = await withdraw(as(wallets.borrower), { pool, asset: tokens.weth, amountRaw: maxUint256 });
  const withdrawnAmount = (await balance(tokens.weth)) - wethBefore;
  expectEvent(context, { kind: 'aaveV3Withdraw', txHash: withdrawn.transactionHash, address: pool, ...lcFields({ reserve: tokens.weth, user: borrower, to: borrower }), amount: withdrawnAmount });
}
