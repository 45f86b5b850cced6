import { type Address } from 'viem';
import { erc20Abi, wethAbi } from '../abis.js';
import { loadArtifact } from '../artifacts.js';
import type { TxClients } from '../clients.js';
import { confirmTransaction } from '../confirmTransaction.js';
import { deployContract } from '../deployContract.js';
import { usdToAmountRaw, type DevnetToken } from './tokens.js';
import { createV3Pool, mintV3Position, type UniswapV3Deployment } from './uniswapV3.js';
import { V3_ARTIFACT_PATHS } from './uniswapV3Artifacts.js';
import { getFullRangeTicks, getTickRangeAround, getTickSpacing, priceToSqrtPriceX96, sortTokens, type V3FeeTier } from './uniswapV3Math.js';
import { v3PoolAbi } from './uniswapV3Abis.js';

/** A V3 pool to create at its tokens' reference prices and seed with a full-range and a ranged position. */
export interface V3PoolSpec {
  symbolA: string;
  symbolB: string;
  fee: V3FeeTier;
  /** USD value of the seed liquidity; 40% goes full range, 60% into the ranged position. */
  liquidityUsd: number;
}

/** The V3 pools every devnet chain gets, in creation order (the order fixes nothing: CREATE2 addresses). */
export const DEVNET_V3_POOL_SPECS: readonly V3PoolSpec[] = [
  { symbolA: 'WETH', symbolB: 'USDC', fee: 500, liquidityUsd: 24_000_000 },
  { symbolA: 'WETH', symbolB: 'USDC', fee: 3000, liquidityUsd: 8_000_000 },
  { symbolA: 'WETH', symbolB: 'USDC', fee: 10000, liquidityUsd: 1_000_000 },
  { symbolA: 'WETH', symbolB: 'USDT', fee: 500, liquidityUsd: 8_000_000 },
  { symbolA: 'WETH', symbolB: 'USDT', fee: 3000, liquidityUsd: 3_000_000 },
  { symbolA: 'WBTC', symbolB: 'WETH', fee: 500, liquidityUsd: 6_000_000 },
  { symbolA: 'WBTC', symbolB: 'WETH', fee: 3000, liquidityUsd: 3_000_000 },
  { symbolA: 'USDC', symbolB: 'DAI', fee: 500, liquidityUsd: 6_000_000 },
  { symbolA: 'LINK', symbolB: 'WETH', fee: 3000, liquidityUsd: 2_000_000 },
  { symbolA: 'LINK', symbolB: 'WETH', fee: 10000, liquidityUsd: 600_000 },
];

/** Half-width of the seeded ranged position, in ticks (~ +-10% in price). */
const RANGED_HALF_WIDTH_TICKS = 953;
const FULL_RANGE_SHARE = 0.4;

/** A created and seeded V3 pool (token0 is the lower address). */
export interface DevnetV3Pool {
  address: Address;
  token0: Address;
  token1: Address;
  symbol0: string;
  symbol1: string;
  fee: V3FeeTier;
}

/**
 * Creates each pool at the tokens' reference prices and mints two deployer positions per pool, full range
 * and about +-10% around the price, minting (or wrapping) exactly the tokens needed. Sequential.
 * @throws {DevnetTransactionError} when a transaction reverts.
 */
export async function seedUniswapV3Pools(
  clients: TxClients,
  { v3, weth, tokens, pools = DEVNET_V3_POOL_SPECS }: { v3: UniswapV3Deployment; weth: Address; tokens: readonly DevnetToken[]; pools?: readonly V3PoolSpec[] },
): Promise<DevnetV3Pool[]> {
  const bySymbol = new Map(tokens.map((token) => [token.symbol, token]));
  const seeds = pools.map((spec) => {
    const tokenA = bySymbol.get(spec.symbolA);
    const tokenB = bySymbol.get(spec.symbolB);
    if (!tokenA || !tokenB) throw new RangeError(`Unknown token in V3 pool ${spec.symbolA}/${spec.symbolB}`);
    const [address0] = sortTokens(tokenA.address, tokenB.address);
    const [token0, token1] = address0 === tokenA.address ? [tokenA, tokenB] : [tokenB, tokenA];
    return { spec, token0, token1 };
  });
  await fundDeployer(clients, weth, seeds.flatMap(({ spec, token0, token1 }) => [
    { token: token0, amount: usdToAmountRaw(token0, spec.liquidityUsd / 2) },
    { token: token1, amount: usdToAmountRaw(token1, spec.liquidityUsd / 2) },
  ]));
  const created: DevnetV3Pool[] = [];
  for (const { spec, token0, token1 } of seeds) {
    const price = token0.referencePriceUsd / token1.referencePriceUsd;
    const address = await createV3Pool({
      ...clients, nonfungiblePositionManager: v3.nonfungiblePositionManager, tokenA: token0.address, tokenB: token1.address, fee: spec.fee,
      sqrtPriceX96: priceToSqrtPriceX96(price, token0.decimals, token1.decimals),
    });
    const [, tick] = await clients.publicClient.readContract({ address, abi: v3PoolAbi, functionName: 'slot0' });
    const halfWidth = Math.max(1, Math.round(RANGED_HALF_WIDTH_TICKS / getTickSpacing(spec.fee)));
    const ranges = [
      { share: FULL_RANGE_SHARE, ...getFullRangeTicks(spec.fee) },
      { share: 1 - FULL_RANGE_SHARE, ...getTickRangeAround(tick, spec.fee, halfWidth) },
    ];
    for (const { share, tickLower, tickUpper } of ranges) {
      await mintV3Position({
        ...clients, nonfungiblePositionManager: v3.nonfungiblePositionManager, token0: token0.address, token1: token1.address, fee: spec.fee,
        tickLower, tickUpper,
        amount0Desired: usdToAmountRaw(token0, (spec.liquidityUsd * share) / 2),
        amount1Desired: usdToAmountRaw(token1, (spec.liquidityUsd * share) / 2),
        recipient: clients.walletClient.account.address,
      });
    }
    created.push({ address, token0: token0.address, token1: token1.address, symbol0: token0.symbol, symbol1: token1.symbol, fee: spec.fee });
  }
  return created;
}

/**
 * Deploys the periphery's V3Migrator (moves Uniswap V2 liquidity into a V3 position in one transaction).
 * @throws {DevnetTransactionError} when the deployment reverts.
 */
export async function deployV3Migrator(clients: TxClients, { v3, weth }: { v3: UniswapV3Deployment; weth: Address }): Promise<Address> {
  const artifact = loadArtifact(V3_ARTIFACT_PATHS.migrator);
  const { address } = await deployContract(clients, { artifact, args: [v3.factory, weth, v3.nonfungiblePositionManager] });
  return address;
}

/**
 * Deploys the periphery's UniswapInterfaceMulticall, which batches reads into one `eth_call` (the simulator's
 * agents read the pending block through it: anvil builds that block once per call).
 * @throws {DevnetTransactionError} when the deployment reverts.
 */
export async function deployMulticall(clients: TxClients): Promise<Address> {
  const { address } = await deployContract(clients, { artifact: loadArtifact(V3_ARTIFACT_PATHS.multicall) });
  return address;
}

// Mints (or wraps, for WETH) the summed needs once per token, in first-seen order.
async function fundDeployer(clients: TxClients, weth: Address, needs: readonly { token: DevnetToken; amount: bigint }[]): Promise<void> {
  const totals = new Map<Address, { token: DevnetToken; amount: bigint }>();
  for (const { token, amount } of needs) {
    const entry = totals.get(token.address) ?? { token, amount: 0n };
    totals.set(token.address, { token, amount: entry.amount + amount });
  }
  const { walletClient, publicClient } = clients;
  for (const [address, { token, amount }] of totals) {
    const hash =
      address === weth
        ? walletClient.writeContract({ address, abi: wethAbi, functionName: 'deposit', value: amount })
        : walletClient.writeContract({ address, abi: erc20Abi, functionName: 'mint', args: [walletClient.account.address, amount] });
    await confirmTransaction(publicClient, hash, { label: `fund deployer ${token.symbol} for V3` });
  }
}
