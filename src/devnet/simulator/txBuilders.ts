import { concatHex, encodeFunctionData, maxUint128, maxUint256, numberToHex, type Address, type Hex } from 'viem';
import type { MintV3PositionParameters } from '../protocols/uniswapV3.js';
import { erc20Abi, uniswapV2RouterAbi, wethAbi } from '../abis.js';
import type { TxRequest } from '../activity/createTxSender.js';
import { aaveV3PoolAbi } from '../protocols/aaveV3Abis.js';
import { v3MigratorAbi, v3PositionManagerAbi, v3SwapRouterAbi } from '../protocols/uniswapV3Abis.js';

/** A transaction without its signer and tip: what the builders below return. */
export type TxBody = Omit<TxRequest, 'account' | 'maxPriorityFeePerGas'>;

/**
 * Fixed gas limits per action (no `eth_estimateGas` against pending state), about 1.5x the measured use
 * so that tick crossings and cold storage never run a transaction out of gas.
 */
export const SIM_GAS = {
  transfer: 90_000n,
  mint: 110_000n,
  wrap: 80_000n,
  approve: 70_000n,
  v2Swap: 250_000n,
  v3Swap: 450_000n,
  v3SwapTwoHops: 650_000n,
  v2AddLiquidity: 300_000n,
  v2RemoveLiquidity: 300_000n,
  v3Mint: 750_000n,
  v3Remove: 350_000n,
  v3Move: 1_000_000n,
  v2ToV3Migrate: 1_000_000n,
  aaveSupply: 400_000n,
  aaveBorrow: 500_000n,
  aaveRepay: 400_000n,
  aaveWithdraw: 450_000n,
  aaveLiquidate: 800_000n,
} as const;

const VARIABLE_RATE = 2n;

/** ERC-20 `transfer`. */
export function erc20Transfer(token: Address, to: Address, amount: bigint): TxBody {
  return { to: token, data: encodeFunctionData({ abi: erc20Abi, functionName: 'transfer', args: [to, amount] }), gas: SIM_GAS.transfer };
}

/** The devnet tokens' open `mint`, to `account`. */
export function erc20Mint(token: Address, account: Address, amount: bigint): TxBody {
  return { to: token, data: encodeFunctionData({ abi: erc20Abi, functionName: 'mint', args: [account, amount] }), gas: SIM_GAS.mint };
}

/** WETH9 `deposit` of `value` wei. */
export function wethDeposit(weth: Address, value: bigint): TxBody {
  return { to: weth, data: encodeFunctionData({ abi: wethAbi, functionName: 'deposit' }), value, gas: SIM_GAS.wrap };
}

/** Router02 `swapExactTokensForTokens` along `path`, no deadline. */
export function v2SwapExactIn(router: Address, p: { amountIn: bigint; amountOutMin: bigint; path: readonly Address[]; to: Address }): TxBody {
  const data = encodeFunctionData({ abi: uniswapV2RouterAbi, functionName: 'swapExactTokensForTokens', args: [p.amountIn, p.amountOutMin, [...p.path], p.to, maxUint256] });
  return { to: router, data, gas: SIM_GAS.v2Swap };
}

/** Router02 `addLiquidity`, no minimums, no deadline. */
export function v2AddLiquidity(router: Address, p: { tokenA: Address; tokenB: Address; amountA: bigint; amountB: bigint; to: Address }): TxBody {
  const data = encodeFunctionData({ abi: uniswapV2RouterAbi, functionName: 'addLiquidity', args: [p.tokenA, p.tokenB, p.amountA, p.amountB, 0n, 0n, p.to, maxUint256] });
  return { to: router, data, gas: SIM_GAS.v2AddLiquidity };
}

/** Router02 `removeLiquidity` (the router needs an allowance on the pair's LP token). */
export function v2RemoveLiquidity(router: Address, p: { tokenA: Address; tokenB: Address; liquidity: bigint; to: Address }): TxBody {
  const data = encodeFunctionData({ abi: uniswapV2RouterAbi, functionName: 'removeLiquidity', args: [p.tokenA, p.tokenB, p.liquidity, 0n, 0n, p.to, maxUint256] });
  return { to: router, data, gas: SIM_GAS.v2RemoveLiquidity };
}

/** SwapRouter `exactInputSingle` with an optional price limit (0 = none). */
export function v3SwapExactInSingle(
  router: Address,
  p: { tokenIn: Address; tokenOut: Address; fee: number; amountIn: bigint; amountOutMinimum: bigint; recipient: Address; sqrtPriceLimitX96?: bigint },
): TxBody {
  const data = encodeFunctionData({
    abi: v3SwapRouterAbi,
    functionName: 'exactInputSingle',
    args: [{ ...p, deadline: maxUint256, sqrtPriceLimitX96: p.sqrtPriceLimitX96 ?? 0n }],
  });
  return { to: router, data, gas: SIM_GAS.v3Swap };
}

/** SwapRouter `exactInput` along a two-pool path tokenA -(feeA)-> tokenB -(feeB)-> tokenC. */
export function v3SwapExactInTwoHops(
  router: Address,
  p: { tokens: readonly [Address, Address, Address]; fees: readonly [number, number]; amountIn: bigint; amountOutMinimum: bigint; recipient: Address },
): TxBody {
  const path = encodeV3Path(p.tokens, p.fees);
  const data = encodeFunctionData({
    abi: v3SwapRouterAbi,
    functionName: 'exactInput',
    args: [{ path, recipient: p.recipient, deadline: maxUint256, amountIn: p.amountIn, amountOutMinimum: p.amountOutMinimum }],
  });
  return { to: router, data, gas: SIM_GAS.v3SwapTwoHops };
}

/** The packed V3 path: token (20 bytes), fee (3 bytes), token, ... */
export function encodeV3Path(tokens: readonly Address[], fees: readonly number[]): Hex {
  const parts: Hex[] = [];
  tokens.forEach((token, i) => {
    parts.push(token);
    if (i < fees.length) parts.push(numberToHex(fees[i]!, { size: 3 }));
  });
  return concatHex(parts);
}

/** Mint parameters of the NonfungiblePositionManager (no minimums, no deadline). */
export type V3MintArgs = Pick<
  MintV3PositionParameters,
  'token0' | 'token1' | 'fee' | 'tickLower' | 'tickUpper' | 'amount0Desired' | 'amount1Desired' | 'recipient'
>;

function encodeMint(p: V3MintArgs): Hex {
  return encodeFunctionData({ abi: v3PositionManagerAbi, functionName: 'mint', args: [{ ...p, amount0Min: 0n, amount1Min: 0n, deadline: maxUint256 }] });
}

// decreaseLiquidity + collect everything, then burn the NFT when the whole position goes.
function encodeWithdraw(tokenId: bigint, liquidity: bigint, recipient: Address, burn: boolean): Hex[] {
  return [
    encodeFunctionData({ abi: v3PositionManagerAbi, functionName: 'decreaseLiquidity', args: [{ tokenId, liquidity, amount0Min: 0n, amount1Min: 0n, deadline: maxUint256 }] }),
    encodeFunctionData({ abi: v3PositionManagerAbi, functionName: 'collect', args: [{ tokenId, recipient, amount0Max: maxUint128, amount1Max: maxUint128 }] }),
    ...(burn ? [encodeFunctionData({ abi: v3PositionManagerAbi, functionName: 'burn', args: [tokenId] })] : []),
  ];
}

/** NonfungiblePositionManager `mint` of a new position. */
export function v3MintPosition(manager: Address, p: V3MintArgs): TxBody {
  return { to: manager, data: encodeMint(p), gas: SIM_GAS.v3Mint };
}

/** One `multicall`: `decreaseLiquidity` of `liquidity`, `collect` everything to `recipient`, and `burn` with `burn`. */
export function v3RemovePosition(manager: Address, p: { tokenId: bigint; liquidity: bigint; recipient: Address; burn?: boolean }): TxBody {
  const data = encodeFunctionData({ abi: v3PositionManagerAbi, functionName: 'multicall', args: [encodeWithdraw(p.tokenId, p.liquidity, p.recipient, p.burn ?? false)] });
  return { to: manager, data, gas: SIM_GAS.v3Remove };
}

/** One `multicall` that withdraws a whole position (burning it) and mints another in another pool: a V3-to-V3 migration. */
export function v3MovePosition(manager: Address, p: { tokenId: bigint; liquidity: bigint; mint: V3MintArgs }): TxBody {
  const calls = [...encodeWithdraw(p.tokenId, p.liquidity, p.mint.recipient, true), encodeMint(p.mint)];
  return { to: manager, data: encodeFunctionData({ abi: v3PositionManagerAbi, functionName: 'multicall', args: [calls] }), gas: SIM_GAS.v3Move };
}

/** V3Migrator `migrate`: all of `liquidity` from a V2 pair into a new V3 position (the migrator needs the LP allowance). */
export function v2ToV3Migrate(migrator: Address, p: { pair: Address; liquidity: bigint; mint: Omit<V3MintArgs, 'amount0Desired' | 'amount1Desired'> }): TxBody {
  const data = encodeFunctionData({
    abi: v3MigratorAbi,
    functionName: 'migrate',
    args: [{ ...p.mint, pair: p.pair, liquidityToMigrate: p.liquidity, percentageToMigrate: 100, amount0Min: 0n, amount1Min: 0n, deadline: maxUint256, refundAsETH: false }],
  });
  return { to: migrator, data, gas: SIM_GAS.v2ToV3Migrate };
}

/** Aave `supply` for oneself. */
export function aaveSupply(pool: Address, p: { asset: Address; amount: bigint; onBehalfOf: Address }): TxBody {
  return { to: pool, data: encodeFunctionData({ abi: aaveV3PoolAbi, functionName: 'supply', args: [p.asset, p.amount, p.onBehalfOf, 0] }), gas: SIM_GAS.aaveSupply };
}

/** Aave variable-rate `borrow` for oneself. */
export function aaveBorrow(pool: Address, p: { asset: Address; amount: bigint; onBehalfOf: Address }): TxBody {
  const data = encodeFunctionData({ abi: aaveV3PoolAbi, functionName: 'borrow', args: [p.asset, p.amount, VARIABLE_RATE, 0, p.onBehalfOf] });
  return { to: pool, data, gas: SIM_GAS.aaveBorrow };
}

/** Aave variable-rate `repay` (`maxUint256` repays everything). */
export function aaveRepay(pool: Address, p: { asset: Address; amount: bigint; onBehalfOf: Address }): TxBody {
  return { to: pool, data: encodeFunctionData({ abi: aaveV3PoolAbi, functionName: 'repay', args: [p.asset, p.amount, VARIABLE_RATE, p.onBehalfOf] }), gas: SIM_GAS.aaveRepay };
}

/** Aave `withdraw` (`maxUint256` withdraws everything). */
export function aaveWithdraw(pool: Address, p: { asset: Address; amount: bigint; to: Address }): TxBody {
  return { to: pool, data: encodeFunctionData({ abi: aaveV3PoolAbi, functionName: 'withdraw', args: [p.asset, p.amount, p.to] }), gas: SIM_GAS.aaveWithdraw };
}

/** Aave `liquidationCall`, receiving the underlying collateral. */
export function aaveLiquidate(pool: Address, p: { collateralAsset: Address; debtAsset: Address; user: Address; debtToCover: bigint }): TxBody {
  const data = encodeFunctionData({ abi: aaveV3PoolAbi, functionName: 'liquidationCall', args: [p.collateralAsset, p.debtAsset, p.user, p.debtToCover, false] });
  return { to: pool, data, gas: SIM_GAS.aaveLiquidate };
}
