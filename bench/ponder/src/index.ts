/* eslint-disable @typescript-eslint/ban-ts-comment -- Ponder runs this file untyped (vite-node); see README.md for why the root tsc must skip it. */
// @ts-nocheck
import { ponder } from 'ponder:registry';
import { erc20Transfer, uniswapV2Burn, uniswapV2Mint, uniswapV2Pair, uniswapV2Swap, uniswapV2Sync } from 'ponder:schema';

// One insert per event, no aggregation: the same rows our indexer writes.
const position = (event, context) => ({
  chainId: context.chain.id,
  blockNumber: event.block.number,
  logIndex: event.log.logIndex,
  blockHash: event.block.hash,
  txHash: event.transaction.hash,
  address: event.log.address.toLowerCase(),
});

ponder.on('Erc20:Transfer', async ({ event, context }) => {
  const { from, to, value } = event.args;
  await context.db.insert(erc20Transfer).values({ ...position(event, context), from: from.toLowerCase(), to: to.toLowerCase(), value });
});

ponder.on('UniswapV2Factory:PairCreated', async ({ event, context }) => {
  // The count parameter is unnamed, so viem decodes the arguments as a tuple.
  const [token0, token1, pair, pairCount] = event.args;
  await context.db.insert(uniswapV2Pair).values({ ...position(event, context), token0: token0.toLowerCase(), token1: token1.toLowerCase(), pair: pair.toLowerCase(), pairCount });
});

ponder.on('UniswapV2Pair:Sync', async ({ event, context }) => {
  await context.db.insert(uniswapV2Sync).values({ ...position(event, context), reserve0: event.args.reserve0, reserve1: event.args.reserve1 });
});

ponder.on('UniswapV2Pair:Swap', async ({ event, context }) => {
  const { sender, to, amount0In, amount1In, amount0Out, amount1Out } = event.args;
  await context.db.insert(uniswapV2Swap).values({ ...position(event, context), sender: sender.toLowerCase(), to: to.toLowerCase(), amount0In, amount1In, amount0Out, amount1Out });
});

ponder.on('UniswapV2Pair:Mint', async ({ event, context }) => {
  const { sender, amount0, amount1 } = event.args;
  await context.db.insert(uniswapV2Mint).values({ ...position(event, context), sender: sender.toLowerCase(), amount0, amount1 });
});

ponder.on('UniswapV2Pair:Burn', async ({ event, context }) => {
  const { sender, to, amount0, amount1 } = event.args;
  await context.db.insert(uniswapV2Burn).values({ ...position(event, context), sender: sender.toLowerCase(), to: to.toLowerCase(), amount0, amount1 });
});
