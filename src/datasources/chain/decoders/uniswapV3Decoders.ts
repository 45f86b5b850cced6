import { parseAbiItem } from 'viem';
import { defineEventDecoder, fitBigInt, fitInt, lower } from './defineEventDecoder.js';

/** UniswapV3Factory `PoolCreated`. */
export const uniswapV3PoolCreatedAbi = parseAbiItem(
  'event PoolCreated(address indexed token0, address indexed token1, uint24 indexed fee, int24 tickSpacing, address pool)',
);
/** UniswapV3Pool `Initialize`. */
export const uniswapV3InitializeAbi = parseAbiItem('event Initialize(uint160 sqrtPriceX96, int24 tick)');
/** UniswapV3Pool `Swap`. */
export const uniswapV3SwapAbi = parseAbiItem(
  'event Swap(address indexed sender, address indexed recipient, int256 amount0, int256 amount1, uint160 sqrtPriceX96, uint128 liquidity, int24 tick)',
);
/** UniswapV3Pool `Mint`. */
export const uniswapV3MintAbi = parseAbiItem(
  'event Mint(address sender, address indexed owner, int24 indexed tickLower, int24 indexed tickUpper, uint128 amount, uint256 amount0, uint256 amount1)',
);
/** UniswapV3Pool `Burn`. */
export const uniswapV3BurnAbi = parseAbiItem(
  'event Burn(address indexed owner, int24 indexed tickLower, int24 indexed tickUpper, uint128 amount, uint256 amount0, uint256 amount1)',
);
/** UniswapV3Pool `Collect` (the position manager's `Collect(uint256 indexed tokenId, ...)` is another event). */
export const uniswapV3CollectAbi = parseAbiItem(
  'event Collect(address indexed owner, address recipient, int24 indexed tickLower, int24 indexed tickUpper, uint128 amount0, uint128 amount1)',
);

const tick = (value: number, field: string) => fitInt(value, 24, true, field);

/** Decoders of the Uniswap V3 factory and pool events. */
export const uniswapV3Decoders = [
  defineEventDecoder('uniswapV3PoolCreated', uniswapV3PoolCreatedAbi, (args, position) => ({
    kind: 'uniswapV3PoolCreated',
    ...position,
    token0: lower(args.token0),
    token1: lower(args.token1),
    fee: fitInt(args.fee, 24, false, 'fee'),
    tickSpacing: tick(args.tickSpacing, 'tickSpacing'),
    pool: lower(args.pool),
  })),
  defineEventDecoder('uniswapV3Initialize', uniswapV3InitializeAbi, (args, position) => ({
    kind: 'uniswapV3Initialize',
    ...position,
    sqrtPriceX96: fitBigInt(args.sqrtPriceX96, 160, 'sqrtPriceX96'),
    tick: tick(args.tick, 'tick'),
  })),
  defineEventDecoder('uniswapV3Swap', uniswapV3SwapAbi, (args, position) => ({
    kind: 'uniswapV3Swap',
    ...position,
    sender: lower(args.sender),
    recipient: lower(args.recipient),
    amount0: args.amount0,
    amount1: args.amount1,
    sqrtPriceX96: fitBigInt(args.sqrtPriceX96, 160, 'sqrtPriceX96'),
    liquidity: fitBigInt(args.liquidity, 128, 'liquidity'),
    tick: tick(args.tick, 'tick'),
  })),
  defineEventDecoder('uniswapV3Mint', uniswapV3MintAbi, (args, position) => ({
    kind: 'uniswapV3Mint',
    ...position,
    sender: lower(args.sender),
    owner: lower(args.owner),
    tickLower: tick(args.tickLower, 'tickLower'),
    tickUpper: tick(args.tickUpper, 'tickUpper'),
    amount: fitBigInt(args.amount, 128, 'amount'),
    amount0: args.amount0,
    amount1: args.amount1,
  })),
  defineEventDecoder('uniswapV3Burn', uniswapV3BurnAbi, (args, position) => ({
    kind: 'uniswapV3Burn',
    ...position,
    owner: lower(args.owner),
    tickLower: tick(args.tickLower, 'tickLower'),
    tickUpper: tick(args.tickUpper, 'tickUpper'),
    amount: fitBigInt(args.amount, 128, 'amount'),
    amount0: args.amount0,
    amount1: args.amount1,
  })),
  defineEventDecoder('uniswapV3Collect', uniswapV3CollectAbi, (args, position) => ({
    kind: 'uniswapV3Collect',
    ...position,
    owner: lower(args.owner),
    recipient: lower(args.recipient),
    tickLower: tick(args.tickLower, 'tickLower'),
    tickUpper: tick(args.tickUpper, 'tickUpper'),
    amount0: fitBigInt(args.amount0, 128, 'amount0'),
    amount1: fitBigInt(args.amount1, 128, 'amount1'),
  })),
] as const;
