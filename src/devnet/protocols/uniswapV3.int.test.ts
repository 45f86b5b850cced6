import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { erc20Abi, getAbiItem, parseEther, parseUnits, type Address, type PublicClient } from 'viem';
import { mnemonicToAccount } from 'viem/accounts';
import { erc20Abi as mintableAbi, wethAbi } from '../abis.js';
import { startAnvil, type Anvil } from '../anvil/startAnvil.js';
import { loadArtifact } from '../artifacts.js';
import { createDevnetClients } from '../clients.js';
import { confirmTransaction } from '../confirmTransaction.js';
import { DEVNET_MNEMONIC } from '../constants.js';
import { deployContract } from '../deployContract.js';
import { MINTABLE_ERC20_ARTIFACT } from './tokens.js';
import { collectV3Position, createV3Pool, decreaseV3Position, deployUniswapV3, mintV3Position, swapExactInputSingleV3, type UniswapV3Deployment, type V3Clients } from './uniswapV3.js';
import { v3FactoryAbi, v3PoolAbi, v3PositionManagerAbi } from './uniswapV3Abis.js';
import { getFullRangeTicks, getTickRangeAround, getV3PoolAddress, priceToSqrtPriceX96, sortTokens, sqrtPriceX96ToPrice, type V3FeeTier } from './uniswapV3Math.js';
import { WETH9_ARTIFACT } from './weth.js';

const FEES: V3FeeTier[] = [500, 3000];
const USD_PER_ETH = 3000;

let anvil: Anvil;
let clients: V3Clients;
let publicClient: PublicClient;
let deployer: Address;
let trader: Address;
let usdc: Address;
let weth: Address;
let v3: UniswapV3Deployment;
let deployStats: { gasUsed: bigint; ms: number };
const pools = new Map<V3FeeTier, Address>();

/** whole USDC per whole WETH, whichever way round the pool holds them. */
async function readUsdPerEth(pool: Address): Promise<number> {
  const [sqrtPriceX96] = await publicClient.readContract({ address: pool, abi: v3PoolAbi, functionName: 'slot0' });
  const [token0] = sortTokens(usdc, weth);
  return token0 === weth ? sqrtPriceX96ToPrice(sqrtPriceX96, 18, 6) : 1 / sqrtPriceX96ToPrice(sqrtPriceX96, 6, 18);
}

async function readSqrtPrice(pool: Address): Promise<bigint> {
  const [sqrtPriceX96] = await publicClient.readContract({ address: pool, abi: v3PoolAbi, functionName: 'slot0' });
  return sqrtPriceX96;
}

const balanceOf = (token: Address, owner: Address) => publicClient.readContract({ address: token, abi: erc20Abi, functionName: 'balanceOf', args: [owner] });

beforeAll(async () => {
  anvil = await startAnvil({ chainId: 31337 });
  const devnet = createDevnetClients({ rpcUrl: anvil.rpcUrl, chainId: 31337, name: 'v3-test' });
  clients = { publicClient: devnet.publicClient, walletClient: devnet.walletClient };
  publicClient = devnet.publicClient;
  deployer = devnet.deployer.address;
  trader = mnemonicToAccount(DEVNET_MNEMONIC, { addressIndex: 1 }).address;

  weth = (await deployContract(clients, { artifact: loadArtifact(WETH9_ARTIFACT) })).address;
  usdc = (await deployContract(clients, { artifact: loadArtifact(MINTABLE_ERC20_ARTIFACT), args: ['USD Coin', 'USDC', 6] })).address;
  const { walletClient } = clients;
  await confirmTransaction(publicClient, walletClient.writeContract({ address: weth, abi: wethAbi, functionName: 'deposit', value: parseEther('1000') }), { label: 'wrap' });
  await confirmTransaction(
    publicClient,
    walletClient.writeContract({ address: usdc, abi: mintableAbi, functionName: 'mint', args: [deployer, parseUnits('5000000', 6)] }),
    { label: 'mint' },
  );

  const fromBlock = (await publicClient.getBlockNumber({ cacheTime: 0 })) + 1n;
  const startedAt = performance.now();
  v3 = await deployUniswapV3({ ...clients, weth });
  const ms = performance.now() - startedAt;
  let gasUsed = 0n;
  for (let block = fromBlock; block <= (await publicClient.getBlockNumber({ cacheTime: 0 })); block++) gasUsed += (await publicClient.getBlock({ blockNumber: block })).gasUsed;
  deployStats = { gasUsed, ms };
});

afterAll(async () => {
  await anvil?.stop();
});

describe('Uniswap V3 on anvil', () => {
  it('deployUniswapV3() deploys code at every address and the factory enables the three fee tiers', async () => {
    for (const address of Object.values(v3)) expect((await publicClient.getCode({ address }))?.length ?? 0).toBeGreaterThan(2);
    for (const [fee, spacing] of [[500, 10], [3000, 60], [10000, 200]] as const) {
      expect(await publicClient.readContract({ address: v3.factory, abi: v3FactoryAbi, functionName: 'feeAmountTickSpacing', args: [fee] })).toBe(spacing);
    }
    // Measured: 21,957,519 gas for the six contracts (factory, NFTDescriptor, descriptor, NPM, router, quoter).
    expect(deployStats.gasUsed).toBeGreaterThan(20_000_000n);
    expect(deployStats.gasUsed).toBeLessThan(23_000_000n);
    expect(deployStats.ms).toBeLessThan(15_000); // ~70 ms measured
  });

  it.each(FEES)('createV3Pool() initialises the USDC/WETH %i pool at ~3000 USD/ETH at its CREATE2 address', async (fee) => {
    const [token0] = sortTokens(usdc, weth);
    const sqrtPriceX96 = token0 === weth ? priceToSqrtPriceX96(USD_PER_ETH, 18, 6) : priceToSqrtPriceX96(1 / USD_PER_ETH, 6, 18);
    const pool = await createV3Pool({ ...clients, ...v3, tokenA: usdc, tokenB: weth, fee, sqrtPriceX96 });
    pools.set(fee, pool);

    // The periphery derives pool addresses from POOL_INIT_CODE_HASH: this proves it matches the npm pool bytecode.
    expect(pool).toBe(getV3PoolAddress({ factory: v3.factory, tokenA: usdc, tokenB: weth, fee }));
    const initialize = await publicClient.getLogs({ address: pool, event: getAbiItem({ abi: v3PoolAbi, name: 'Initialize' }), fromBlock: 0n });
    expect(initialize).toHaveLength(1);
    expect(initialize[0]?.args.sqrtPriceX96).toBe(sqrtPriceX96);
    expect(Math.abs((await readUsdPerEth(pool)) / USD_PER_ETH - 1)).toBeLessThan(0.01);
    // Creating again is a no-op that returns the same pool.
    expect(await createV3Pool({ ...clients, ...v3, tokenA: weth, tokenB: usdc, fee, sqrtPriceX96: sqrtPriceX96 * 2n })).toBe(pool);
    expect(Math.abs((await readUsdPerEth(pool)) / USD_PER_ETH - 1)).toBeLessThan(0.01);
  });

  it.each(FEES)('mintV3Position() adds a full-range and a narrow-range position to the %i pool', async (fee) => {
    const pool = pools.get(fee)!;
    const [token0, token1] = sortTokens(usdc, weth);
    const amounts = { amount0Desired: token0 === usdc ? parseUnits('300000', 6) : parseEther('100'), amount1Desired: token1 === usdc ? parseUnits('300000', 6) : parseEther('100') };
    const [, tick] = await publicClient.readContract({ address: pool, abi: v3PoolAbi, functionName: 'slot0' });
    const ranges = [getFullRangeTicks(fee), getTickRangeAround(tick, fee, 5)];

    const liquidities: bigint[] = [];
    for (const range of ranges) {
      const position = await mintV3Position({ ...clients, ...v3, token0, token1, fee, ...range, ...amounts, recipient: deployer });
      expect(position.liquidity).toBeGreaterThan(0n);
      expect(position.amount0).toBeGreaterThan(0n); // both ranges contain the current price
      expect(position.amount1).toBeGreaterThan(0n);
      const onChain = await publicClient.readContract({ address: v3.nonfungiblePositionManager, abi: v3PositionManagerAbi, functionName: 'positions', args: [position.tokenId] });
      expect(onChain[7]).toBe(position.liquidity);
      const mints = await publicClient.getLogs({ address: pool, event: getAbiItem({ abi: v3PoolAbi, name: 'Mint' }), blockHash: (await publicClient.getTransactionReceipt({ hash: position.txHash })).blockHash });
      expect(mints.map((log) => [log.args.tickLower, log.args.tickUpper, log.args.amount])).toEqual([[range.tickLower, range.tickUpper, position.liquidity]]);
      liquidities.push(position.liquidity);
    }
    const [fullRange = 0n, narrow = 0n] = liquidities;
    // Concentrated liquidity: the narrow range gets far more liquidity from the same desired amounts.
    expect(narrow).toBeGreaterThan(10n * fullRange);
    // Both ranges contain the current tick, so both are active.
    expect(await publicClient.readContract({ address: pool, abi: v3PoolAbi, functionName: 'liquidity' })).toBe(fullRange + narrow);
  });

  it.each(FEES)('swapExactInputSingleV3() on the %i pool moves the price the right way in both directions', async (fee) => {
    const pool = pools.get(fee)!;
    const [token0] = sortTokens(usdc, weth);
    const trades = [
      { tokenIn: usdc, tokenOut: weth, amountIn: parseUnits('30000', 6) },
      { tokenIn: weth, tokenOut: usdc, amountIn: parseEther('10') },
    ];
    for (const trade of trades) {
      const before = { sqrtPriceX96: await readSqrtPrice(pool), balance: await balanceOf(trade.tokenOut, trader), usd: await readUsdPerEth(pool) };
      const txHash = await swapExactInputSingleV3({ ...clients, ...v3, ...trade, fee, recipient: trader });

      const receipt = await publicClient.getTransactionReceipt({ hash: txHash });
      const swaps = await publicClient.getLogs({ address: pool, event: getAbiItem({ abi: v3PoolAbi, name: 'Swap' }), blockHash: receipt.blockHash });
      expect(swaps).toHaveLength(1);
      expect(swaps[0]?.args.recipient).toBe(trader);
      const sqrtPriceX96 = await readSqrtPrice(pool);
      expect(swaps[0]?.args.sqrtPriceX96).toBe(sqrtPriceX96);
      // Selling token0 pushes token1-per-token0 down; selling token1 pushes it up.
      if (trade.tokenIn === token0) expect(sqrtPriceX96).toBeLessThan(before.sqrtPriceX96);
      else expect(sqrtPriceX96).toBeGreaterThan(before.sqrtPriceX96);
      // Buying WETH with USDC makes ETH dearer, and the other way round.
      if (trade.tokenIn === usdc) expect(await readUsdPerEth(pool)).toBeGreaterThan(before.usd);
      else expect(await readUsdPerEth(pool)).toBeLessThan(before.usd);
      expect(await balanceOf(trade.tokenOut, trader)).toBeGreaterThan(before.balance);
    }
  });

  it('decreaseV3Position() then collectV3Position() withdraws a position back to the wallet', async () => {
    const fee = 500;
    const [token0, token1] = sortTokens(usdc, weth);
    const [, tick] = await publicClient.readContract({ address: pools.get(fee)!, abi: v3PoolAbi, functionName: 'slot0' });
    const minted = await mintV3Position({
      ...clients,
      ...v3,
      token0,
      token1,
      fee,
      ...getTickRangeAround(tick, fee, 2),
      amount0Desired: token0 === usdc ? parseUnits('3000', 6) : parseEther('1'),
      amount1Desired: token1 === usdc ? parseUnits('3000', 6) : parseEther('1'),
      recipient: deployer,
    });
    const removed = await decreaseV3Position({ ...clients, ...v3, tokenId: minted.tokenId, liquidity: minted.liquidity });
    // Burning rounds down by at most 1 wei per token.
    expect(minted.amount0 - removed.amount0).toBeLessThanOrEqual(1n);
    expect(minted.amount1 - removed.amount1).toBeLessThanOrEqual(1n);

    const before = [await balanceOf(token0, trader), await balanceOf(token1, trader)] as const;
    const collected = await collectV3Position({ ...clients, ...v3, tokenId: minted.tokenId, recipient: trader });
    expect(collected.amount0).toBe(removed.amount0);
    expect(collected.amount1).toBe(removed.amount1);
    expect(await balanceOf(token0, trader)).toBe(before[0] + removed.amount0);
    expect(await balanceOf(token1, trader)).toBe(before[1] + removed.amount1);
    const onChain = await publicClient.readContract({ address: v3.nonfungiblePositionManager, abi: v3PositionManagerAbi, functionName: 'positions', args: [minted.tokenId] });
    expect(onChain[7]).toBe(0n);
  });
});
