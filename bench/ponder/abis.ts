/* eslint-disable @typescript-eslint/ban-ts-comment -- Ponder runs this file untyped (vite-node); see README.md for why the root tsc must skip it. */
// @ts-nocheck
import { parseAbi, parseAbiItem } from 'viem';

/** The events `npm run bench:ingest` compares, as our indexer decodes them (src/datasources/chain/decoders). */
export const erc20Abi = parseAbi(['event Transfer(address indexed from, address indexed to, uint256 value)']);

export const pairCreatedEvent = parseAbiItem('event PairCreated(address indexed token0, address indexed token1, address pair, uint256)');

export const uniswapV2FactoryAbi = [pairCreatedEvent];

export const uniswapV2PairAbi = parseAbi([
  'event Sync(uint112 reserve0, uint112 reserve1)',
  'event Swap(address indexed sender, uint256 amount0In, uint256 amount1In, uint256 amount0Out, uint256 amount1Out, address indexed to)',
  'event Mint(address indexed sender, uint256 amount0, uint256 amount1)',
  'event Burn(address indexed sender, uint256 amount0, uint256 amount1, address indexed to)',
]);
