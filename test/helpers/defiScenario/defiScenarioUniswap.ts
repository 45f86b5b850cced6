import { maxUint256, parseAbi, parseEther, parseUnits, zeroAddress, type Address, type Hash } from 'viem';
import { erc20Abi, uniswapV2PairAbi, uniswapV2RouterAbi, wethAbi } from '../../../src/devnet/abis.js';
import { confirmTransaction } from '../../../src/devnet/confirmTransaction.js';
import { usdToAmountRaw } from '../../../src/devnet/protocols/tokens.js';
import { deployUniswapV2, type V2PoolSpec } from '../../../src/devnet/protocols/uniswapV2.js';
import { collectV3Position, createV3Pool, decreaseV3Position, deployUniswapV3, mintV3Position, swapExactInputSingleV3 } from '../../../src/devnet/protocols/uniswapV3.js';
import { v3PoolAbi } from '../../../src/devnet/protocols/uniswapV3Abis.js';
import { getFullRangeTicks, priceToSqrtPriceX96, sortTokens } from '../../../src/devnet/protocols/uniswapV3Math.js';
import { expectEvent, lc, lcFields, type ScenarioContext } from './defiScenarioContext.js';

const V2_POOLS: readonly V2PoolSpec[] = [
  { symbolA: 'WETH', symbolB: 'USDC', liquidityUsd: 2_000_000 },
  { symbolA: 'USDC', symbolB: 'DAI', liquidityUsd: 1_000_000 },
];
const pairBurnAbi = parseAbi(['function burn(address to) returns (uint256 amount0, uint256 amount1)']);

const balanceOf = (context: ScenarioContext, token: Address, owner: Address) =>
  context.clients.publicClient.readContract({ address: token, abi: erc20Abi, functionName: 'balanceOf', args: [owner] });

/** Mints `amount` of a test token to `to` from the deployer and records the ERC-20 Transfer from address zero. */
export async function mintToken(context: ScenarioContext, token: Address, to: Address, amount: bigint): Promise<void> {
  const { publicClient, walletClient } = context.clients;
  const receipt = await confirmTransaction(publicClient, walletClient.writeContract({ address: token, abi: erc20Abi, functionName: 'mint', args: [to, amount] }), {
    label: 'mint',
  });
  expectEvent(context, { kind: 'erc20Transfer', txHash: receipt.transactionHash, address: token, ...lcFields({ from: zeroAddress, to }), value: amount });
}

/** Deploys Uniswap V2 with two seeded pairs, swaps USDC for WETH as the trader, and burns half the deployer's USDC/DAI liquidity. */
export async function runUniswapV2Steps(context: ScenarioContext): Promise<void> {
  const { clients, tokens, wallets } = context;
  const { publicClient, walletClient } = clients;
  const deployer = walletClient.account.address;
  const v2 = await deployUniswapV2(clients, { weth: tokens.weth, tokens: tokens.list, pools: V2_POOLS });
  v2.pairs.forEach((pair, i) => {
    const [token0, token1] = [pair.token0, pair.token1].map((a) => tokens.list.find((t) => lc(t.address) === lc(a))!);
    const sideUsd = V2_POOLS[i]!.liquidityUsd / 2;
    expectEvent(context, { kind: 'uniswapV2PairCreated', address: v2.factory, ...lcFields({ token0: pair.token0, token1: pair.token1, pair: pair.address }), pairCount: BigInt(i + 1) });
    expectEvent(context, { kind: 'uniswapV2Mint', address: pair.address, sender: lc(v2.router), amount0: usdToAmountRaw(token0!, sideUsd), amount1: usdToAmountRaw(token1!, sideUsd) });
  });

  // The trader sells 10,000 USDC for WETH through the router.
  const [wethUsdc, usdcDai] = v2.pairs as [(typeof v2.pairs)[0], (typeof v2.pairs)[0]];
  const trader = wallets.trader;
  const amountIn = parseUnits('10000', 6);
  await mintToken(context, tokens.usdc, trader.account.address, parseUnits('100000', 6));
  await confirmTransaction(publicClient, trader.writeContract({ address: tokens.usdc, abi: erc20Abi, functionName: 'approve', args: [v2.router, maxUint256] }), { label: 'approve' });
  const path = [tokens.usdc, tokens.weth];
  const [, amountOut = 0n] = await publicClient.readContract({ address: v2.router, abi: uniswapV2RouterAbi, functionName: 'getAmountsOut', args: [amountIn, path] });
  const swap = await confirmTransaction(
    publicClient,
    trader.writeContract({ address: v2.router, abi: uniswapV2RouterAbi, functionName: 'swapExactTokensForTokens', args: [amountIn, amountOut, path, trader.account.address, maxUint256] }),
    { label: 'v2 swap' },
  );
  const usdcIs0 = lc(wethUsdc.token0) === lc(tokens.usdc);
  expectEvent(context, {
    kind: 'uniswapV2Swap',
    txHash: swap.transactionHash,
    address: wethUsdc.address,
    ...lcFields({ sender: v2.router, to: trader.account.address }),
    amount0In: usdcIs0 ? amountIn : 0n,
    amount1In: usdcIs0 ? 0n : amountIn,
    amount0Out: usdcIs0 ? 0n : amountOut,
    amount1Out: usdcIs0 ? amountOut : 0n,
  });
  const [reserve0, reserve1] = await publicClient.readContract({ address: wethUsdc.address, abi: uniswapV2PairAbi, functionName: 'getReserves' });
  expectEvent(context, { kind: 'uniswapV2Sync', txHash: swap.transactionHash, address: wethUsdc.address, reserve0, reserve1 });

  // The deployer sends half its USDC/DAI LP tokens to the pair and burns them.
  const lp = (await balanceOf(context, usdcDai.address, deployer)) / 2n;
  const send = await confirmTransaction(publicClient, walletClient.writeContract({ address: usdcDai.address, abi: erc20Abi, functionName: 'transfer', args: [usdcDai.address, lp] }), {
    label: 'send LP',
  });
  expectEvent(context, { kind: 'erc20Transfer', txHash: send.transactionHash, address: usdcDai.address, ...lcFields({ from: deployer, to: usdcDai.address }), value: lp });
  const { result: [amount0, amount1] } = await publicClient.simulateContract({ account: walletClient.account, address: usdcDai.address, abi: pairBurnAbi, functionName: 'burn', args: [deployer] });
  const burn = await confirmTransaction(publicClient, walletClient.writeContract({ address: usdcDai.address, abi: pairBurnAbi, functionName: 'burn', args: [deployer] }), { label: 'burn' });
  expectEvent(context, { kind: 'uniswapV2Burn', txHash: burn.transactionHash, address: usdcDai.address, ...lcFields({ sender: deployer, to: deployer }), amount0, amount1 });
}

/**
 * Deploys Uniswap V3, creates the USDC/WETH 0.3% pool at 3,000 USD/ETH, adds full-range liquidity, swaps both ways as
 * the trader, removes half the liquidity and collects it. Returns the transactions that minted a position NFT.
 */
export async function runUniswapV3Steps(context: ScenarioContext): Promise<Hash[]> {
  const { clients, tokens, wallets } = context;
  const { publicClient, walletClient } = clients;
  const deployer = walletClient.account.address;
  const v3 = await deployUniswapV3({ walletClient, publicClient, weth: tokens.weth });
  const manager = v3.nonfungiblePositionManager;
  const fee = 3000;
  const [token0, token1] = sortTokens(tokens.usdc, tokens.weth);
  const sqrtPriceX96 = token0 === tokens.weth ? priceToSqrtPriceX96(3000, 18, 6) : priceToSqrtPriceX96(1 / 3000, 6, 18);
  const pool = await createV3Pool({ walletClient, publicClient, nonfungiblePositionManager: manager, tokenA: tokens.usdc, tokenB: tokens.weth, fee, sqrtPriceX96 });
  const [, tick] = await publicClient.readContract({ address: pool, abi: v3PoolAbi, functionName: 'slot0' });
  expectEvent(context, { kind: 'uniswapV3PoolCreated', address: v3.factory, ...lcFields({ token0, token1, pool }), fee, tickSpacing: 60 });
  expectEvent(context, { kind: 'uniswapV3Initialize', address: pool, sqrtPriceX96, tick });

  await mintToken(context, tokens.usdc, deployer, parseUnits('300000', 6));
  await confirmTransaction(publicClient, walletClient.writeContract({ address: tokens.weth, abi: wethAbi, functionName: 'deposit', value: parseEther('100') }), { label: 'wrap' });
  const range = getFullRangeTicks(fee);
  const [amount0Desired, amount1Desired] = token0 === tokens.usdc ? [parseUnits('300000', 6), parseEther('100')] : [parseEther('100'), parseUnits('300000', 6)];
  const minted = await mintV3Position({ walletClient, publicClient, nonfungiblePositionManager: manager, token0, token1, fee, ...range, amount0Desired, amount1Desired, recipient: deployer });
  const { amount0, amount1, liquidity } = minted;
  expectEvent(context, { kind: 'uniswapV3Mint', txHash: minted.txHash, address: pool, ...lcFields({ sender: manager, owner: manager }), ...range, amount: liquidity, amount0, amount1 });

  const trader = { walletClient: wallets.trader, publicClient };
  const traderAddress = wallets.trader.account.address;
  for (const trade of [
    { tokenIn: tokens.usdc, tokenOut: tokens.weth, amountIn: parseUnits('30000', 6) },
    { tokenIn: tokens.weth, tokenOut: tokens.usdc, amountIn: parseEther('5') },
  ]) {
    const before = await balanceOf(context, trade.tokenOut, traderAddress);
    const txHash = await swapExactInputSingleV3({ ...trader, swapRouter: v3.swapRouter, ...trade, fee, recipient: traderAddress });
    const out = (await balanceOf(context, trade.tokenOut, traderAddress)) - before;
    const [sqrtAfter, tickAfter] = await publicClient.readContract({ address: pool, abi: v3PoolAbi, functionName: 'slot0' });
    const liquidityAfter = await publicClient.readContract({ address: pool, abi: v3PoolAbi, functionName: 'liquidity' });
    const sellsToken0 = trade.tokenIn === token0;
    expectEvent(context, {
      kind: 'uniswapV3Swap',
      txHash,
      address: pool,
      ...lcFields({ sender: v3.swapRouter, recipient: traderAddress }),
      amount0: sellsToken0 ? trade.amountIn : -out,
      amount1: sellsToken0 ? -out : trade.amountIn,
      sqrtPriceX96: sqrtAfter,
      liquidity: liquidityAfter,
      tick: tickAfter,
    });
  }

  const removed = await decreaseV3Position({ walletClient, publicClient, nonfungiblePositionManager: manager, tokenId: minted.tokenId, liquidity: liquidity / 2n });
  expectEvent(context, { kind: 'uniswapV3Burn', txHash: removed.txHash, address: pool, owner: lc(manager), ...range, amount: liquidity / 2n, amount0: removed.amount0, amount1: removed.amount1 });
  const collected = await collectV3Position({ walletClient, publicClient, nonfungiblePositionManager: manager, tokenId: minted.tokenId, recipient: deployer });
  expectEvent(context, { kind: 'uniswapV3Collect', txHash: collected.txHash, address: pool, ...lcFields({ owner: manager, recipient: deployer }), ...range, amount0: collected.amount0, amount1: collected.amount1 });
  return [minted.txHash];
}
