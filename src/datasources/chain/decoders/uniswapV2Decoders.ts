import { parseAbiItem } from 'viem';
import { defineEventDecoder, fitBigInt, lower } from './defineEventDecoder.js';

/** UniswapV2Factory `PairCreated`; the unnamed fourth parameter is `allPairs.length`. */
export const uniswapV2PairCreatedAbi = parseAbiItem(
  'event PairCreated(address indexed token0, address indexed token1, address pair, uint256 pairCount)',
);
/** UniswapV2Pair `Sync`. */
export const uniswapV2SyncAbi = parseAbiItem('event Sync(uint112 reserve0, uint112 reserve1)');
/** UniswapV2Pair `Swap`. */
export const uniswapV2SwapAbi = parseAbiItem(
  'event Swap(address indexed sender, uint256 amount0In, uint256 amount1In, uint256 amount0Out, uint256 amount1Out, address indexed to)',
);
/** UniswapV2Pair `Mint`. */
export const uniswapV2MintAbi = parseAbiItem('event Mint(address indexed sender, uint256 amount0, uint256 amount1)');
/** UniswapV2Pair `Burn`. */
export const uniswapV2BurnAbi = parseAbiItem('event Burn(address indexed sender, uint256 amount0, uint256 amount1, address indexed to)');

/** Decoders of the Uniswap V2 factory and pair events. */
export const uniswapV2Decoders = [
  defineEventDecoder('uniswapV2PairCreated', uniswapV2PairCreatedAbi, (args, position) => ({
    kind: 'uniswapV2PairCreated',
    ...position,
    token0: lower(args.token0),
    token1: lower(args.token1),
    pair: lower(args.pair),
    pairCount: args.pairCount,
  })),
  defineEventDecoder('uniswapV2Sync', uniswapV2SyncAbi, (args, position) => ({
    kind: 'uniswapV2Sync',
    ...position,
    reserve0: fitBigInt(args.reserve0, 112, 'reserve0'),
    reserve1: fitBigInt(args.reserve1, 112, 'reserve1'),
  })),
  defineEventDecoder('uniswapV2Swap', uniswapV2SwapAbi, (args, position) => ({
    kind: 'uniswapV2Swap',
    ...position,
    sender: lower(args.sender),
    to: lower(args.to),
    amount0In: args.amount0In,
    amount1In: args.amount1In,
    amount0Out: args.amount0Out,
    amount1Out: args.amount1Out,
  })),
  defineEventDecoder('uniswapV2Mint', uniswapV2MintAbi, (args, position) => ({
    kind: 'uniswapV2Mint',
    ...position,
    sender: lower(args.sender),
    amount0: args.amount0,
    amount1: args.amount1,
  })),
  defineEventDecoder('uniswapV2Burn', uniswapV2BurnAbi, (args, position) => ({
    kind: 'uniswapV2Burn',
    ...position,
    sender: lower(args.sender),
    to: lower(args.to),
    amount0: args.amount0,
    amount1: args.amount1,
  })),
] as const;
