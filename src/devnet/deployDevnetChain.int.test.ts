import { maxUint256, parseEther, parseUnits, type Address } from 'viem';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { erc20Abi, uniswapV2FactoryAbi, uniswapV2PairAbi, uniswapV2RouterAbi, wethAbi } from './abis.js';
import { startAnvil, type Anvil } from './anvil/startAnvil.js';
import { createDevnetClients, type DevnetClients } from './clients.js';
import { confirmTransaction } from './confirmTransaction.js';
import { deployDevnetChain, type DevnetChainDeployment } from './deployDevnetChain.js';
import { DEVNET_TOKEN_SPECS } from './protocols/tokens.js';
import { aaveV3DataProviderAbi, aaveV3OracleAbi, aaveV3PoolAbi } from './protocols/aaveV3Abis.js';
import { DEVNET_V2_POOL_SPECS } from './protocols/uniswapV2.js';
import { v3PoolAbi } from './protocols/uniswapV3Abis.js';
import { sqrtPriceX96ToPrice } from './protocols/uniswapV3Math.js';
import { DEVNET_V3_POOL_SPECS } from './protocols/uniswapV3Pools.js';

interface Deployed {
  anvil: Anvil;
  clients: DevnetClients;
  deployment: DevnetChainDeployment;
}

async function deployOn(chainId: number, name: string): Promise<Deployed> {
  const anvil = await startAnvil({ chainId });
  const clients = createDevnetClients({ rpcUrl: anvil.rpcUrl, chainId, name });
  return { anvil, clients, deployment: await deployDevnetChain(clients) };
}

describe('deployDevnetChain() on anvil', () => {
  let mainnet: Deployed;
  let arbitrum: Deployed;

  beforeAll(async () => {
    [mainnet, arbitrum] = await Promise.all([deployOn(1, 'ethereum'), deployOn(42161, 'arbitrum')]);
  });
  afterAll(async () => {
    await Promise.all([mainnet?.anvil.stop(), arbitrum?.anvil.stop()]);
  });

  it('puts code at every deployed address', async () => {
    const { deployment, clients } = mainnet;
    const { uniswapV3: v3, aaveV3: aave } = deployment;
    const addresses: Address[] = [
      deployment.weth,
      deployment.uniswapV2.factory,
      deployment.uniswapV2.router,
      ...deployment.tokens.map((token) => token.address),
      ...deployment.uniswapV2.pairs.map((pair) => pair.address),
      v3.factory, v3.nonfungiblePositionManager, v3.swapRouter, v3.quoter, v3.migrator, v3.positionDescriptor,
      ...v3.pools.map((pool) => pool.address),
      aave.pool, aave.poolConfigurator, aave.oracle, aave.dataProvider, aave.addressesProvider, aave.aclManager,
      ...Object.values(aave.aggregators), ...Object.values(aave.aTokens), ...Object.values(aave.variableDebtTokens),
    ];
    for (const address of addresses) {
      const code = await clients.publicClient.getCode({ address });
      expect(code?.length ?? 0, address).toBeGreaterThan(2);
    }
  });

  it('deploys the same addresses on every chain', () => {
    expect(arbitrum.deployment.tokens).toEqual(mainnet.deployment.tokens);
    expect(arbitrum.deployment.uniswapV2).toEqual(mainnet.deployment.uniswapV2);
    expect(arbitrum.deployment.uniswapV3).toEqual(mainnet.deployment.uniswapV3);
    const { startBlock: _a, endBlock: _b, ...aave } = mainnet.deployment.aaveV3;
    expect(arbitrum.deployment.aaveV3).toMatchObject(aave);
  });

  it('seeds the V3 pools at the reference prices with in-range liquidity', async () => {
    const { deployment, clients } = mainnet;
    expect(deployment.uniswapV3.pools.map((pool) => pool.fee).sort()).toEqual([...DEVNET_V3_POOL_SPECS.map((spec) => spec.fee)].sort());
    const bySymbol = new Map(deployment.tokens.map((token) => [token.symbol, token]));
    for (const pool of deployment.uniswapV3.pools) {
      const [sqrtPriceX96] = await clients.publicClient.readContract({ address: pool.address, abi: v3PoolAbi, functionName: 'slot0' });
      const token0 = bySymbol.get(pool.symbol0)!;
      const token1 = bySymbol.get(pool.symbol1)!;
      const price = sqrtPriceX96ToPrice(sqrtPriceX96, token0.decimals, token1.decimals);
      expect(price / (token0.referencePriceUsd / token1.referencePriceUsd), `${pool.symbol0}/${pool.symbol1} ${pool.fee}`).toBeCloseTo(1, 6);
      expect(await clients.publicClient.readContract({ address: pool.address, abi: v3PoolAbi, functionName: 'liquidity' })).toBeGreaterThan(0n);
    }
  });

  it('lists the Aave reserves with collateral settings and oracle prices', async () => {
    const { deployment, clients } = mainnet;
    const { aaveV3 } = deployment;
    const listed = await clients.publicClient.readContract({ address: aaveV3.pool, abi: aaveV3PoolAbi, functionName: 'getReservesList' });
    const bySymbol = new Map(deployment.tokens.map((token) => [token.symbol, token]));
    expect(listed).toEqual(['WETH', 'USDC', 'USDT', 'DAI', 'WBTC', 'LINK'].map((symbol) => bySymbol.get(symbol)!.address));
    for (const reserve of aaveV3.reserves) {
      const config = await clients.publicClient.readContract({ address: aaveV3.dataProvider, abi: aaveV3DataProviderAbi, functionName: 'getReserveConfigurationData', args: [reserve.asset] });
      expect(config[1]).toBe(BigInt(reserve.ltvBps));
      expect(config[5]).toBe(true); // usable as collateral
      const price = await clients.publicClient.readContract({ address: aaveV3.oracle, abi: aaveV3OracleAbi, functionName: 'getAssetPrice', args: [reserve.asset] });
      expect(Number(price) / 1e8).toBeCloseTo(reserve.priceUsd, 6);
    }
  });

  it('gives tokens the right symbol, name and decimals', async () => {
    const { deployment, clients } = mainnet;
    expect(deployment.tokens.map((token) => token.symbol)).toEqual(['WETH', ...DEVNET_TOKEN_SPECS.map((spec) => spec.symbol)]);
    for (const token of deployment.tokens) {
      const read = (functionName: 'decimals' | 'symbol' | 'name') =>
        clients.publicClient.readContract({ address: token.address, abi: erc20Abi, functionName });
      expect(await read('decimals')).toBe(token.decimals);
      expect(await read('symbol')).toBe(token.symbol);
    }
    const decimals = Object.fromEntries(deployment.tokens.map((token) => [token.symbol, token.decimals]));
    expect(decimals).toMatchObject({ USDC: 6, USDT: 6, DAI: 18, WBTC: 8, LINK: 18, UNI: 18, MEME: 18, WETH: 18 });
  });

  it('creates every pair in the factory, seeded at the reference prices', async () => {
    const { deployment, clients } = mainnet;
    const { factory, pairs } = deployment.uniswapV2;
    expect(await clients.publicClient.readContract({ address: factory, abi: uniswapV2FactoryAbi, functionName: 'allPairsLength' })).toBe(
      BigInt(DEVNET_V2_POOL_SPECS.length),
    );
    const bySymbol = new Map(deployment.tokens.map((token) => [token.symbol, token]));
    for (const pair of pairs) {
      const [reserve0, reserve1] = await clients.publicClient.readContract({ address: pair.address, abi: uniswapV2PairAbi, functionName: 'getReserves' });
      expect(reserve0).toBeGreaterThan(0n);
      expect(reserve1).toBeGreaterThan(0n);
      expect(await clients.publicClient.readContract({ address: pair.address, abi: uniswapV2PairAbi, functionName: 'token0' })).toBe(pair.token0);
      const token0 = bySymbol.get(pair.symbol0)!;
      const token1 = bySymbol.get(pair.symbol1)!;
      const price0Usd = ((Number(reserve1) / 10 ** token1.decimals) * token1.referencePriceUsd) / (Number(reserve0) / 10 ** token0.decimals);
      expect(price0Usd / token0.referencePriceUsd, `${pair.symbol0}/${pair.symbol1}`).toBeCloseTo(1, 4);
    }
  });

  it('swaps through Router02 (its init code hash finds the factory pairs)', async () => {
    const { deployment, clients } = mainnet;
    const { walletClient, publicClient } = clients;
    const usdc = deployment.tokens.find((token) => token.symbol === 'USDC')!.address;
    const me = walletClient.account.address;
    const amountIn = parseEther('1');
    await confirmTransaction(publicClient, walletClient.writeContract({ address: deployment.weth, abi: wethAbi, functionName: 'deposit', value: amountIn }), { label: 'wrap' });
    const path = [deployment.weth, usdc];
    const [, quoted] = await publicClient.readContract({ address: deployment.uniswapV2.router, abi: uniswapV2RouterAbi, functionName: 'getAmountsOut', args: [amountIn, path] });
    const before = await publicClient.readContract({ address: usdc, abi: erc20Abi, functionName: 'balanceOf', args: [me] });
    await confirmTransaction(
      publicClient,
      walletClient.writeContract({ address: deployment.uniswapV2.router, abi: uniswapV2RouterAbi, functionName: 'swapExactTokensForTokens', args: [amountIn, 0n, path, me, maxUint256] }),
      { label: 'swap' },
    );
    const after = await publicClient.readContract({ address: usdc, abi: erc20Abi, functionName: 'balanceOf', args: [me] });
    expect(after - before).toBe(quoted);
    // ~3000 USDC minus the 0.3% fee and a little price impact.
    expect(quoted).toBeGreaterThan(parseUnits('2980', 6));
    expect(quoted).toBeLessThan(parseUnits('2992', 6));
  });
});
