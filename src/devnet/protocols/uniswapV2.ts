import { keccak256, maxUint256, type Address } from 'viem';
import { erc20Abi, uniswapV2FactoryAbi, uniswapV2RouterAbi, wethAbi } from '../abis.js';
import { loadArtifact } from '../artifacts.js';
import type { DevnetClients } from '../clients.js';
import { confirmTransaction } from '../confirmTransaction.js';
import { deployContract } from '../deployContract.js';
import { InitCodeHashMismatchError } from '../errors.js';
import { usdToAmountRaw, type DevnetToken } from './tokens.js';

export const UNISWAP_V2_FACTORY_ARTIFACT = '@uniswap/v2-core/build/UniswapV2Factory.json';
export const UNISWAP_V2_PAIR_ARTIFACT = '@uniswap/v2-core/build/UniswapV2Pair.json';
export const UNISWAP_V2_ROUTER02_ARTIFACT = '@uniswap/v2-periphery/build/UniswapV2Router02.json';

/** A pool to create and seed: both sides hold `liquidityUsd / 2` at the tokens' reference prices. */
export interface V2PoolSpec {
  symbolA: string;
  symbolB: string;
  liquidityUsd: number;
}

/** The pairs every devnet chain gets, in creation order. MEME/WETH is deliberately shallow. */
export const DEVNET_V2_POOL_SPECS: readonly V2PoolSpec[] = [
  { symbolA: 'WETH', symbolB: 'USDC', liquidityUsd: 20_000_000 },
  { symbolA: 'WETH', symbolB: 'USDT', liquidityUsd: 8_000_000 },
  { symbolA: 'WETH', symbolB: 'DAI', liquidityUsd: 4_000_000 },
  { symbolA: 'WBTC', symbolB: 'WETH', liquidityUsd: 6_000_000 },
  { symbolA: 'LINK', symbolB: 'WETH', liquidityUsd: 3_000_000 },
  { symbolA: 'UNI', symbolB: 'WETH', liquidityUsd: 1_600_000 },
  { symbolA: 'USDC', symbolB: 'DAI', liquidityUsd: 5_000_000 },
  { symbolA: 'MEME', symbolB: 'WETH', liquidityUsd: 30_000 },
];

/** A created and seeded pair. */
export interface DevnetV2Pair {
  address: Address;
  token0: Address;
  token1: Address;
  symbol0: string;
  symbol1: string;
}

/** Addresses of a Uniswap V2 deployment. */
export interface UniswapV2Deployment {
  factory: Address;
  router: Address;
  pairs: DevnetV2Pair[];
}

/** Parameters of {@link deployUniswapV2}. */
export interface DeployUniswapV2Parameters {
  weth: Address;
  /** Every token a pool spec names, WETH included. */
  tokens: readonly DevnetToken[];
  pools?: readonly V2PoolSpec[];
}

/**
 * Router02 computes pair addresses with a hard-coded init code hash (`UniswapV2Library.pairFor`).
 * The npm packages are consistent (hash 0x96e8ac42...845f): the router embeds the keccak of the npm
 * pair bytecode, and the npm factory deploys exactly that bytecode. Checked here so a package
 * upgrade that breaks it fails loudly instead of sending liquidity to a wrong address.
 * @throws {InitCodeHashMismatchError} when the hashes differ.
 */
export function assertRouterInitCodeHash(): void {
  const pairBytecode = loadArtifact(UNISWAP_V2_PAIR_ARTIFACT).bytecode;
  const initCodeHash = keccak256(pairBytecode);
  const routerEmbedsHash = loadArtifact(UNISWAP_V2_ROUTER02_ARTIFACT).bytecode.includes(initCodeHash.slice(2));
  const factoryEmbedsPair = loadArtifact(UNISWAP_V2_FACTORY_ARTIFACT).bytecode.includes(pairBytecode.slice(2));
  if (!routerEmbedsHash || !factoryEmbedsPair) {
    throw new InitCodeHashMismatchError({
      details: `pair init code hash ${initCodeHash}; router embeds it: ${routerEmbedsHash}; factory embeds pair code: ${factoryEmbedsPair}`,
    });
  }
}

/**
 * Deploys UniswapV2Factory and UniswapV2Router02, then creates and seeds each pool through the router
 * (the deployer mints or wraps what it needs). Sequential, so addresses are deterministic.
 * @throws {InitCodeHashMismatchError} when the router cannot find the factory's pairs.
 * @throws {DevnetTransactionError} when a transaction reverts.
 */
export async function deployUniswapV2(
  clients: DevnetClients,
  { weth, tokens, pools = DEVNET_V2_POOL_SPECS }: DeployUniswapV2Parameters,
): Promise<UniswapV2Deployment> {
  assertRouterInitCodeHash();
  const deployer = clients.walletClient.account.address;
  const factory = await deployContract(clients, {
    artifact: loadArtifact(UNISWAP_V2_FACTORY_ARTIFACT),
    args: [deployer],
  });
  const router = await deployContract(clients, {
    artifact: loadArtifact(UNISWAP_V2_ROUTER02_ARTIFACT),
    args: [factory.address, weth],
  });
  const bySymbol = new Map(tokens.map((token) => [token.symbol, token]));
  const seeds = pools.map((pool) => {
    const tokenA = bySymbol.get(pool.symbolA);
    const tokenB = bySymbol.get(pool.symbolB);
    if (!tokenA || !tokenB) throw new RangeError(`Unknown token in pool ${pool.symbolA}/${pool.symbolB}`);
    const sideUsd = pool.liquidityUsd / 2;
    return { tokenA, tokenB, amountA: usdToAmountRaw(tokenA, sideUsd), amountB: usdToAmountRaw(tokenB, sideUsd) };
  });
  await fundDeployer(clients, { weth, router: router.address, seeds });
  const pairs: DevnetV2Pair[] = [];
  for (const seed of seeds) pairs.push(await addLiquidity(clients, factory.address, router.address, seed));
  return { factory: factory.address, router: router.address, pairs };
}

interface PoolSeed {
  tokenA: DevnetToken;
  tokenB: DevnetToken;
  amountA: bigint;
  amountB: bigint;
}

// Mints (or wraps, for WETH) exactly what the pools need and approves the router once per token.
async function fundDeployer(
  clients: DevnetClients,
  { weth, router, seeds }: { weth: Address; router: Address; seeds: readonly PoolSeed[] },
): Promise<void> {
  const { walletClient, publicClient } = clients;
  const deployer = walletClient.account.address;
  const needs = new Map<Address, { symbol: string; amount: bigint }>();
  for (const { tokenA, tokenB, amountA, amountB } of seeds) {
    for (const [token, amount] of [[tokenA, amountA], [tokenB, amountB]] as const) {
      const entry = needs.get(token.address) ?? { symbol: token.symbol, amount: 0n };
      needs.set(token.address, { symbol: entry.symbol, amount: entry.amount + amount });
    }
  }
  for (const [address, { symbol, amount }] of needs) {
    const label = `fund deployer ${symbol}`;
    const hash =
      address === weth
        ? walletClient.writeContract({ address, abi: wethAbi, functionName: 'deposit', value: amount })
        : walletClient.writeContract({ address, abi: erc20Abi, functionName: 'mint', args: [deployer, amount] });
    await confirmTransaction(publicClient, hash, { label });
    await confirmTransaction(
      publicClient,
      walletClient.writeContract({ address, abi: erc20Abi, functionName: 'approve', args: [router, maxUint256] }),
      { label: `approve router ${symbol}` },
    );
  }
}

async function addLiquidity(
  clients: DevnetClients,
  factory: Address,
  router: Address,
  { tokenA, tokenB, amountA, amountB }: PoolSeed,
): Promise<DevnetV2Pair> {
  const { walletClient, publicClient } = clients;
  await confirmTransaction(
    publicClient,
    walletClient.writeContract({
      address: router,
      abi: uniswapV2RouterAbi,
      functionName: 'addLiquidity',
      args: [tokenA.address, tokenB.address, amountA, amountB, amountA, amountB, walletClient.account.address, maxUint256],
    }),
    { label: `add liquidity ${tokenA.symbol}/${tokenB.symbol}` },
  );
  const address = await publicClient.readContract({
    address: factory,
    abi: uniswapV2FactoryAbi,
    functionName: 'getPair',
    args: [tokenA.address, tokenB.address],
  });
  const [first, second] = BigInt(tokenA.address) < BigInt(tokenB.address) ? [tokenA, tokenB] : [tokenB, tokenA];
  return { address, token0: first.address, token1: second.address, symbol0: first.symbol, symbol1: second.symbol };
}
