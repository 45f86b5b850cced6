import { isAddressEqual, maxUint128, maxUint256, parseEventLogs, stringToHex, zeroAddress, type Address, type Hash, type Log, type TransactionReceipt } from 'viem';
import { loadArtifact } from '../artifacts.js';
import type { TxClients } from '../clients.js';
import { confirmTransaction } from '../confirmTransaction.js';
import { deployContract } from '../deployContract.js';
import { ensureAllowance } from '../ensureAllowance.js';
import { v3FactoryAbi, v3PositionManagerAbi, v3SwapRouterAbi } from './uniswapV3Abis.js';
import { assertPoolInitCodeHash, NFT_DESCRIPTOR_LINK_KEY, V3_ARTIFACT_PATHS } from './uniswapV3Artifacts.js';
import { UniswapV3Error } from './uniswapV3Errors.js';
import { getTickSpacing, MAX_TICK, MIN_TICK, sortTokens } from './uniswapV3Math.js';

/** The clients every Uniswap V3 devnet helper needs (the shared {@link TxClients}). */
export type V3Clients = TxClients;

/** Addresses of a Uniswap V3 deployment. */
export interface UniswapV3Deployment {
  factory: Address;
  nonfungiblePositionManager: Address;
  swapRouter: Address;
  /** The NFTDescriptor library linked into `positionDescriptor`. */
  nftDescriptor: Address;
  positionDescriptor: Address;
  /** QuoterV2 (off-chain quotes via `eth_call`). */
  quoter: Address;
}

/**
 * Deploys Uniswap V3 from the npm artifacts (v3-core 1.0.1, v3-periphery 1.4.4): UniswapV3Factory,
 * the NFTDescriptor library, NonfungibleTokenPositionDescriptor (library linked), NonfungiblePositionManager,
 * SwapRouter and QuoterV2, in that order, from `walletClient.account`. The factory enables fee tiers 500/3000/10000.
 * Same deployer and nonce give the same addresses on every fresh chain.
 * @throws {UniswapV3Error} when the pool init code hash does not match the periphery's.
 * @throws {DevnetTransactionError} when a deployment reverts.
 */
export async function deployUniswapV3(params: V3Clients & { weth: Address }): Promise<UniswapV3Deployment> {
  assertPoolInitCodeHash();
  const clients: V3Clients = { walletClient: params.walletClient, publicClient: params.publicClient };
  const deploy = (path: string, args: readonly unknown[] = [], libraries?: Record<string, Address>) =>
    deployContract(clients, { artifact: loadArtifact(path), args, libraries }).then(({ address }) => address);
  const factory = await deploy(V3_ARTIFACT_PATHS.factory);
  const nftDescriptor = await deploy(V3_ARTIFACT_PATHS.nftDescriptor);
  const positionDescriptor = await deploy(V3_ARTIFACT_PATHS.positionDescriptor, [params.weth, stringToHex('ETH', { size: 32 })], {
    [NFT_DESCRIPTOR_LINK_KEY]: nftDescriptor,
  });
  const nonfungiblePositionManager = await deploy(V3_ARTIFACT_PATHS.positionManager, [factory, params.weth, positionDescriptor]);
  const swapRouter = await deploy(V3_ARTIFACT_PATHS.swapRouter, [factory, params.weth]);
  const quoter = await deploy(V3_ARTIFACT_PATHS.quoterV2, [factory, params.weth]);
  return { factory, nonfungiblePositionManager, swapRouter, nftDescriptor, positionDescriptor, quoter };
}

/** Parameters of `createV3Pool`. */
export interface CreateV3PoolParameters extends V3Clients {
  nonfungiblePositionManager: Address;
  tokenA: Address;
  tokenB: Address;
  fee: number;
  /** Initial price in the pool's orientation: token1 per token0, token0 the lower address (see `sortTokens`, `priceToSqrtPriceX96`). */
  sqrtPriceX96: bigint;
}

/**
 * Creates and initialises the (tokenA, tokenB, fee) pool through
 * `NonfungiblePositionManager.createAndInitializePoolIfNecessary`, and returns its address.
 * An existing, already initialised pool is returned as is (its price is not changed).
 * @throws {UniswapV3Error} for an unknown fee tier or when no pool exists afterwards.
 * @throws {DevnetTransactionError} when the transaction reverts.
 */
export async function createV3Pool(params: CreateV3PoolParameters): Promise<Address> {
  getTickSpacing(params.fee);
  const [token0, token1] = sortTokens(params.tokenA, params.tokenB);
  const { transactionHash: hash } = await confirmTransaction(
    params.publicClient,
    params.walletClient.writeContract({
      address: params.nonfungiblePositionManager,
      abi: v3PositionManagerAbi,
      functionName: 'createAndInitializePoolIfNecessary',
      args: [token0, token1, params.fee, params.sqrtPriceX96],
    }),
    { label: 'createAndInitializePoolIfNecessary' },
  );
  const factory = await params.publicClient.readContract({ address: params.nonfungiblePositionManager, abi: v3PositionManagerAbi, functionName: 'factory' });
  const pool = await params.publicClient.readContract({ address: factory, abi: v3FactoryAbi, functionName: 'getPool', args: [token0, token1, params.fee] });
  if (pool === zeroAddress) throw new UniswapV3Error('Pool was not created', { details: `${token0}/${token1} fee ${params.fee}, tx ${hash}` });
  return pool;
}

/** Parameters of `mintV3Position`. Amounts are raw base units. */
export interface MintV3PositionParameters extends V3Clients {
  nonfungiblePositionManager: Address;
  /** Must sort below `token1` (use `sortTokens`). */
  token0: Address;
  token1: Address;
  fee: number;
  /** Multiples of the fee tier's tick spacing; `getFullRangeTicks` / `getTickRangeAround` build them. */
  tickLower: number;
  tickUpper: number;
  amount0Desired: bigint;
  amount1Desired: bigint;
  /** Slippage floors; default 0n. */
  amount0Min?: bigint;
  amount1Min?: bigint;
  recipient: Address;
  /** Unix seconds; default no deadline (max uint256). */
  deadline?: bigint;
}

/** Outcome of `mintV3Position`: the NFT id, the liquidity added and the raw amounts actually pulled. */
export interface MintV3PositionResult {
  tokenId: bigint;
  liquidity: bigint;
  amount0: bigint;
  amount1: bigint;
  txHash: Hash;
}

/**
 * Approves the position manager for both tokens when needed, then mints a position NFT to `recipient`.
 * @throws {UniswapV3Error} for unsorted tokens, or ticks off the spacing or out of order.
 * @throws {DevnetTransactionError} when the transaction reverts.
 */
export async function mintV3Position(params: MintV3PositionParameters): Promise<MintV3PositionResult> {
  assertPositionShape(params);
  const manager = params.nonfungiblePositionManager;
  await ensureAllowance(params, { token: params.token0, spender: manager, amountRaw: params.amount0Desired });
  await ensureAllowance(params, { token: params.token1, spender: manager, amountRaw: params.amount1Desired });
  const receipt = await confirmTransaction(params.publicClient, params.walletClient.writeContract({
    address: manager,
    abi: v3PositionManagerAbi,
    functionName: 'mint',
    args: [
      {
        token0: params.token0,
        token1: params.token1,
        fee: params.fee,
        tickLower: params.tickLower,
        tickUpper: params.tickUpper,
        amount0Desired: params.amount0Desired,
        amount1Desired: params.amount1Desired,
        amount0Min: params.amount0Min ?? 0n,
        amount1Min: params.amount1Min ?? 0n,
        recipient: params.recipient,
        deadline: params.deadline ?? maxUint256,
      },
    ],
  }), { label: 'NonfungiblePositionManager.mint' });
  const txHash = receipt.transactionHash;
  const [event] = parseEventLogs({ abi: v3PositionManagerAbi, eventName: 'IncreaseLiquidity', logs: logsFrom(receipt, manager) });
  if (!event) throw new UniswapV3Error('Mint emitted no IncreaseLiquidity event', { details: `tx ${txHash}` });
  const { tokenId, liquidity, amount0, amount1 } = event.args;
  return { tokenId, liquidity, amount0, amount1, txHash };
}

/** Raw token amounts moved by a position change, and its transaction. */
export interface V3PositionAmounts {
  amount0: bigint;
  amount1: bigint;
  txHash: Hash;
}

/**
 * Removes `liquidity` from position `tokenId` (the wallet must own or be approved for it). The tokens are only
 * credited to the position (`tokensOwed`): call `collectV3Position` to withdraw them.
 * @throws {DevnetTransactionError} when the transaction reverts.
 */
export async function decreaseV3Position(
  params: V3Clients & { nonfungiblePositionManager: Address; tokenId: bigint; liquidity: bigint; amount0Min?: bigint; amount1Min?: bigint; deadline?: bigint },
): Promise<V3PositionAmounts> {
  const manager = params.nonfungiblePositionManager;
  const receipt = await confirmTransaction(params.publicClient, params.walletClient.writeContract({
    address: manager,
    abi: v3PositionManagerAbi,
    functionName: 'decreaseLiquidity',
    args: [
      {
        tokenId: params.tokenId,
        liquidity: params.liquidity,
        amount0Min: params.amount0Min ?? 0n,
        amount1Min: params.amount1Min ?? 0n,
        deadline: params.deadline ?? maxUint256,
      },
    ],
  }), { label: 'NonfungiblePositionManager.decreaseLiquidity' });
  const txHash = receipt.transactionHash;
  const [event] = parseEventLogs({ abi: v3PositionManagerAbi, eventName: 'DecreaseLiquidity', logs: logsFrom(receipt, manager) });
  return { amount0: event?.args.amount0 ?? 0n, amount1: event?.args.amount1 ?? 0n, txHash };
}

/**
 * Withdraws owed tokens (from `decreaseV3Position` and accrued fees) of position `tokenId` to `recipient`.
 * `amount0Max`/`amount1Max` default to everything (max uint128).
 * @throws {DevnetTransactionError} when the transaction reverts.
 */
export async function collectV3Position(
  params: V3Clients & { nonfungiblePositionManager: Address; tokenId: bigint; recipient: Address; amount0Max?: bigint; amount1Max?: bigint },
): Promise<V3PositionAmounts> {
  const manager = params.nonfungiblePositionManager;
  const receipt = await confirmTransaction(params.publicClient, params.walletClient.writeContract({
    address: manager,
    abi: v3PositionManagerAbi,
    functionName: 'collect',
    args: [{ tokenId: params.tokenId, recipient: params.recipient, amount0Max: params.amount0Max ?? maxUint128, amount1Max: params.amount1Max ?? maxUint128 }],
  }), { label: 'NonfungiblePositionManager.collect' });
  const txHash = receipt.transactionHash;
  const [event] = parseEventLogs({ abi: v3PositionManagerAbi, eventName: 'Collect', logs: logsFrom(receipt, manager) });
  return { amount0: event?.args.amount0 ?? 0n, amount1: event?.args.amount1 ?? 0n, txHash };
}

/** Parameters of `swapExactInputSingleV3`. Amounts are raw base units. */
export interface SwapExactInputSingleV3Parameters extends V3Clients {
  swapRouter: Address;
  tokenIn: Address;
  tokenOut: Address;
  fee: number;
  amountIn: bigint;
  recipient: Address;
  /** Slippage floor; default 0n (accept any output). */
  amountOutMinimum?: bigint;
  /** Price limit in the pool's orientation; default 0n (none). */
  sqrtPriceLimitX96?: bigint;
  /** Unix seconds; default no deadline (max uint256). */
  deadline?: bigint;
}

/**
 * Approves the router for `tokenIn` when needed, then swaps exactly `amountIn` through the single
 * (tokenIn, tokenOut, fee) pool via `SwapRouter.exactInputSingle`, sending the output to `recipient`.
 * Returns the transaction hash (the pool's `Swap` log carries the amounts).
 * @throws {DevnetTransactionError} when the transaction reverts (e.g. 'Too little received').
 */
export async function swapExactInputSingleV3(params: SwapExactInputSingleV3Parameters): Promise<Hash> {
  getTickSpacing(params.fee);
  await ensureAllowance(params, { token: params.tokenIn, spender: params.swapRouter, amountRaw: params.amountIn });
  const { transactionHash: txHash } = await confirmTransaction(params.publicClient, params.walletClient.writeContract({
    address: params.swapRouter,
    abi: v3SwapRouterAbi,
    functionName: 'exactInputSingle',
    args: [
      {
        tokenIn: params.tokenIn,
        tokenOut: params.tokenOut,
        fee: params.fee,
        recipient: params.recipient,
        deadline: params.deadline ?? maxUint256,
        amountIn: params.amountIn,
        amountOutMinimum: params.amountOutMinimum ?? 0n,
        sqrtPriceLimitX96: params.sqrtPriceLimitX96 ?? 0n,
      },
    ],
  }), { label: 'SwapRouter.exactInputSingle' });
  return txHash;
}

function assertPositionShape(params: MintV3PositionParameters): void {
  const [token0] = sortTokens(params.token0, params.token1);
  if (token0 !== params.token0) {
    throw new UniswapV3Error('token0 must be the lower token address', { details: `got token0=${params.token0} token1=${params.token1}` });
  }
  const spacing = getTickSpacing(params.fee);
  const { tickLower, tickUpper } = params;
  if (tickLower % spacing !== 0 || tickUpper % spacing !== 0 || tickLower >= tickUpper || tickLower < MIN_TICK || tickUpper > MAX_TICK) {
    throw new UniswapV3Error('Invalid position tick range', { details: `[${tickLower}, ${tickUpper}] with spacing ${spacing} (fee ${params.fee})` });
  }
}

/** Keeps only the logs one contract emitted (a receipt also holds token and pool logs). */
function logsFrom(receipt: TransactionReceipt, address: Address): Log[] {
  return receipt.logs.filter((log) => isAddressEqual(log.address, address));
}
