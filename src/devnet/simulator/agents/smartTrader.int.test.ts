import { formatUnits, parseEventLogs, type Address } from 'viem';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { erc20Abi, uniswapV2PairAbi } from '../../abis.js';
import { createSmartTrader } from './smartTrader.js';
import { startTestHarness, type TestHarness } from './testHarness.js';
import { createHarnessAligner } from './testHarnessAgents.js';

const SEED = 21;
const TICKS = 24;

describe('createSmartTrader() on anvil', () => {
  let harness: TestHarness;
  // The harness walk moves 1.5% per tick, so a few ticks ahead is enough to see moves worth trading.
  const agent = createSmartTrader({ seed: SEED, chainId: 1, horizonTicks: 4 });
  const trader = agent.wallets[0]!.address;

  beforeAll(async () => {
    // The aligner (first in the block) keeps pools on the price path, as arbitrageurs do in the simulator.
    harness = await startTestHarness({ seed: SEED, agents: [createHarnessAligner({ seed: SEED, chainId: 1 }), agent] });
    await harness.run(TICKS);
  });
  afterAll(() => harness?.stop());

  const client = () => harness.world.clients.publicClient;
  const swapOf = async (hash: `0x${string}`) => {
    const receipt = await client().getTransactionReceipt({ hash });
    return parseEventLogs({ abi: uniswapV2PairAbi, eventName: 'Swap', logs: receipt.logs })[0]!.args;
  };

  // USD per token at the end of `blockNumber`, from pool reserves only: stablecoins through WETH/<stable>,
  // the others through <token>/WETH and WETH/USDC.
  async function poolPricesUsd(blockNumber: bigint): Promise<Map<Address, number>> {
    const { tokens, uniswapV2 } = harness.deployment;
    const wethPer = new Map<Address, number>();
    for (const pair of uniswapV2.pairs.filter((candidate) => [candidate.symbol0, candidate.symbol1].includes('WETH'))) {
      const [reserve0, reserve1] = await client().readContract({ address: pair.address, abi: uniswapV2PairAbi, functionName: 'getReserves', blockNumber });
      const [token0, token1] = [pair.token0, pair.token1].map((address) => tokens.find((token) => token.address === address)!);
      const human0 = Number(formatUnits(reserve0, token0!.decimals));
      const human1 = Number(formatUnits(reserve1, token1!.decimals));
      if (token0!.symbol === 'WETH') wethPer.set(token1!.address, human0 / human1);
      else wethPer.set(token0!.address, human1 / human0);
    }
    const usdc = tokens.find((token) => token.symbol === 'USDC')!.address;
    const wethUsd = 1 / wethPer.get(usdc)!;
    return new Map([[harness.deployment.weth, wethUsd], ...[...wethPer].map(([address, weth]) => [address, weth * wethUsd] as [Address, number])]);
  }

  it('labels every trade, each round trip opened and then closed', () => {
    expect(harness.rejected).toEqual([]);
    const legs = harness.labels.map((label) => label.meta?.leg);
    expect(harness.labels.every((label) => label.kind === 'smart_trader' && label.actors[0] === trader.toLowerCase())).toBe(true);
    expect(legs.filter((leg) => leg === 'close').length).toBeGreaterThanOrEqual(4);
    const opens = harness.labels.filter((label) => label.meta?.leg === 'open').map((label) => label.txHashes[0]);
    for (const close of harness.labels.filter((label) => label.meta?.leg === 'close')) expect(opens).toContain(close.meta?.openTxHash);
  });

  it('gets back more than it paid on every round trip (it traded ahead of the price path)', async () => {
    for (const close of harness.labels.filter((label) => label.meta?.leg === 'close')) {
      const openSwap = await swapOf(close.meta!.openTxHash as `0x${string}`);
      const closeSwap = await swapOf(close.txHashes[0]!);
      const paid = openSwap.amount0In + openSwap.amount1In;
      const gotBack = closeSwap.amount0Out + closeSwap.amount1Out;
      expect(gotBack).toBeGreaterThan(paid);
      expect(Number(close.meta?.expectedMovePct)).toBeGreaterThanOrEqual(1.2);
    }
  });

  it('ends with a positive PnL at pool prices, gas included, as its own running PnL says', async () => {
    const { tokens } = harness.deployment;
    const start = BigInt(harness.labels[0]!.block - 1);
    const end = await client().getBlockNumber({ cacheTime: 0 });
    const prices = await poolPricesUsd(end);
    const balanceAt = (token: Address, blockNumber: bigint) =>
      client().readContract({ address: token, abi: erc20Abi, functionName: 'balanceOf', args: [trader], blockNumber });
    let pnlUsd = Number(formatUnits((await client().getBalance({ address: trader, blockNumber: end })) - (await client().getBalance({ address: trader, blockNumber: start })), 18)) * prices.get(harness.deployment.weth)!;
    for (const token of tokens.filter((candidate) => prices.has(candidate.address))) {
      const delta = (await balanceAt(token.address, end)) - (await balanceAt(token.address, start));
      pnlUsd += Number(formatUnits(delta, token.decimals)) * prices.get(token.address)!;
    }
    expect(pnlUsd).toBeGreaterThan(0);
    expect(Number(harness.labels[harness.labels.length - 1]!.meta?.pnlUsd)).toBeGreaterThan(0);
  });
});
