import { decodeFunctionData, parseEther, parseUnits, type Address } from 'viem';
import { describe, expect, it } from 'vitest';
import { erc20Abi, uniswapV2RouterAbi } from '../../abis.js';
import { v3SwapRouterAbi } from '../../protocols/uniswapV3Abis.js';
import { priceToSqrtPriceX96 } from '../../protocols/uniswapV3Math.js';
import { getAmountOut } from '../poolMath.js';
import { createRetailWallets } from './retailWallets.js';
import { resolveRetailIntent as resolveIntent, type RetailTickState as TickState, type RetailUniverse } from './retailResolve.js';

const WETH: Address = '0x5FbDB2315678afecb367f032d93F642f64180aa3';
const USDC: Address = '0xe7f1725E7734CE288F8367e1Bb143E90bb3F0512';
const PAIR: Address = '0x41Cc89c770ddFcF9b54C6C04CaAfeA885Ce8c1b8';
const ROUTER: Address = '0x8A791620dd6260079BF849Dc5567aDC3F2FdC318';
const SWAP_ROUTER: Address = '0x0000000000000000000000000000000000005e11';
const V3_POOL: Address = '0x0000000000000000000000000000000000000b03';

const universe: RetailUniverse = {
  traders: createRetailWallets(1, 2),
  tokens: [
    { address: WETH, symbol: 'WETH', name: 'Wrapped Ether', decimals: 18, referencePriceUsd: 3000 },
    { address: USDC, symbol: 'USDC', name: 'USD Coin', decimals: 6, referencePriceUsd: 1 },
  ],
  pairs: [{ address: PAIR, token0: WETH, token1: USDC, symbol0: 'WETH', symbol1: 'USDC' }],
  v3Pools: [{ address: V3_POOL, token0: WETH, token1: USDC, fee: 500 }],
  weth: WETH,
  router: ROUTER,
  swapRouter: SWAP_ROUTER,
};

function state(priceUsd: number, balances: Partial<Record<Address, bigint>> = {}, referenceUsd = 3000): TickState {
  const reserveWeth = parseEther('1000');
  return {
    balanceOf: (_, token) => balances[token] ?? parseUnits('1000000', token === USDC ? 6 : 18),
    reservesOf: () => [reserveWeth, parseUnits(String(1000 * priceUsd), 6)],
    v3StateOf: () => ({ sqrtPriceX96: priceToSqrtPriceX96(priceUsd, 18, 6), liquidity: 10n ** 18n }),
    referencePriceUsd: (symbol) => (symbol === 'WETH' ? referenceUsd : 1),
  };
}

const swap = (directionRoll: number, sizeRoll = 0.5) =>
  ({ kind: 'swap', trader: 0, pair: 0, directionRoll, sizeRoll, tipRoll: 0.5 }) as const;

function decodeSwap(data: `0x${string}` | undefined) {
  const { args } = decodeFunctionData({ abi: uniswapV2RouterAbi, data: data! });
  return args as readonly [bigint, bigint, readonly Address[], Address, bigint];
}

describe('resolveRetailIntent()', () => {
  it('sizes a swap as a small share of the input reserve, with 2% slippage', () => {
    const action = resolveIntent(swap(0.1), universe, state(3000));
    expect(action).toMatchObject({ kind: 'swap', to: ROUTER, account: universe.traders[0] });
    const [amountIn, amountOutMin, path, to] = decodeSwap(action.data);
    expect(path).toEqual([WETH, USDC]);
    expect(to).toBe(universe.traders[0]!.address);
    expect(amountIn).toBeGreaterThan(parseEther('0.1'));
    expect(amountIn).toBeLessThan(parseEther('3'));
    expect(amountOutMin).toBe((getAmountOut(amountIn, parseEther('1000'), parseUnits('3000000', 6)) * 9800n) / 10000n);
  });

  it('leans towards the reference price: sells WETH more often when it trades above it', () => {
    const sellsWeth = (priceUsd: number) =>
      [...Array(100).keys()].filter((i) => decodeSwap(resolveIntent(swap(i / 100), universe, state(priceUsd)).data)[2][0] === WETH).length;
    expect(sellsWeth(3000)).toBe(50);
    expect(sellsWeth(3600)).toBe(80);
    expect(sellsWeth(2400)).toBe(20);
  });

  it('follows the price world, not the static reference', () => {
    const sellsWeth = [...Array(100).keys()].filter((i) => decodeSwap(resolveIntent(swap(i / 100), universe, state(3000, {}, 2500)).data)[2][0] === WETH).length;
    expect(sellsWeth).toBe(80);
  });

  it('swaps on a V3 pool through the SwapRouter, leaning towards the reference', () => {
    const intent = (directionRoll: number) => ({ kind: 'swapV3', trader: 0, pool: 0, directionRoll, sizeRoll: 0.5, tipRoll: 0 }) as const;
    const action = resolveIntent(intent(0.1), universe, state(3300));
    expect(action).toMatchObject({ kind: 'swapV3', to: SWAP_ROUTER });
    const { functionName, args } = decodeFunctionData({ abi: v3SwapRouterAbi, data: action.data! });
    expect(functionName).toBe('exactInputSingle');
    const params = args[0] as { tokenIn: Address; fee: number; amountIn: bigint; amountOutMinimum: bigint };
    expect(params).toMatchObject({ tokenIn: WETH, fee: 500 });
    expect(params.amountOutMinimum).toBeGreaterThan(0n);
    const sellsWeth = [...Array(100).keys()].filter((i) => {
      const decoded = decodeFunctionData({ abi: v3SwapRouterAbi, data: resolveIntent(intent(i / 100), universe, state(3300)).data! });
      return (decoded.args[0] as { tokenIn: Address }).tokenIn === WETH;
    }).length;
    expect(sellsWeth).toBe(70); // 0.5 + 2 ln(1.1) = 0.69: rolls 0.00-0.69
  });

  it('mints the input token instead of swapping when the trader is short', () => {
    const action = resolveIntent(swap(0.9), universe, state(3000, { [USDC]: 0n }));
    expect(action).toMatchObject({ kind: 'mint', to: USDC });
    const { functionName, args } = decodeFunctionData({ abi: erc20Abi, data: action.data! });
    expect(functionName).toBe('mint');
    expect(args?.[0]).toBe(universe.traders[0]!.address);
  });

  it('wraps ETH instead of swapping WETH it does not have', () => {
    const action = resolveIntent(swap(0.1), universe, state(3000, { [WETH]: 0n }));
    expect(action).toMatchObject({ kind: 'wrap', to: WETH });
    expect(action.value).toBeGreaterThan(0n);
  });

  it('transfers 1-20% of the balance to the other trader', () => {
    const intent = { kind: 'transfer', trader: 0, token: 1, recipient: 1, sizeRoll: 0, tipRoll: 0 } as const;
    const action = resolveIntent(intent, universe, state(3000, { [USDC]: 1_000_000n }));
    const { args } = decodeFunctionData({ abi: erc20Abi, data: action.data! });
    expect(action).toMatchObject({ kind: 'transfer', to: USDC, maxPriorityFeePerGas: 1_000_000_000n });
    expect(args).toEqual([universe.traders[1]!.address, 10_000n]);
  });
});

describe('getAmountOut()', () => {
  it('applies the 0.3% fee and constant product', () => {
    expect(getAmountOut(1000n, 1_000_000n, 1_000_000n)).toBe(996n);
    expect(getAmountOut(0n, 1n, 1n)).toBe(0n);
  });
});

describe('createRetailWallets()', () => {
  it('derives the same wallets from the same seed and others from another', () => {
    const addresses = (seed: number) => createRetailWallets(seed, 4).map((trader) => trader.address);
    expect(addresses(7)).toEqual(addresses(7));
    expect(new Set(addresses(7)).size).toBe(4);
    expect(addresses(7)).not.toEqual(addresses(8));
  });
});
