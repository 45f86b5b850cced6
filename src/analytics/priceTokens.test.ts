import { describe, expect, it } from 'vitest';
import { InvalidDecimalsError, InvalidNumberError, InvalidPoolError, NegativeAmountError } from './errors.js';
import { parseUnits } from './parseUnits.js';
import { priceTokens, type PriceTokensInput } from './priceTokens.js';
import { tokenKey } from './tokenKey.js';
import type { OracleAnswerInput, PricedToken, TokenInput, TokenPrice, V2PoolState } from './types.js';

const USDC = '0xa0b86991c6218b36c1d19d4a2e9eb0ce3606eb48';
const USDT = '0xdac17f958d2ee523a2206206994597c13d831ec7';
const DAI = '0x6b175474e89094c44da98b954eedeac495271d0f';
const WETH = '0xc02aaa39b223fe8d0a0e5c4f27ead9083c756cc2';
const WBTC = '0x2260fac5e5542a773aa44fbcfedf7c193bc2c599';
const addr = (n: number): string => `0x${n.toString(16).padStart(40, '0')}`;
const [TKN, TKN2, TKN3, TKN4, DUST, USDX, LONELY] = [1, 2, 3, 4, 5, 6, 7].map(addr) as [string, string, string, string, string, string, string];

const token = (address: string, symbol: string, decimals: number, flags: Partial<TokenInput> = {}): TokenInput => ({
  chainId: 1, address, symbol, decimals, ...flags,
});
const TOKENS: TokenInput[] = [
  token(USDC, 'USDC', 6, { isStable: true }),
  token(USDT, 'USDT', 6, { isStable: true }),
  token(DAI, 'DAI', 18, { isStable: true }),
  token(USDX, 'USDX', 6, { isStable: true }),
  token(WETH, 'WETH', 18, { isWrappedNative: true }),
  token(TKN, 'TKN', 18),
  token(TKN2, 'TKN2', 18),
  token(TKN3, 'TKN3', 18),
  token(TKN4, 'TKN4', 18),
  token(DUST, 'DUST', 18),
  token(LONELY, 'LONELY', 18),
];
const decimalsOf = new Map(TOKENS.map((t) => [t.address, t.decimals]));

let poolCount = 100;
/** A V2 pool holding `amount0` of token0 and `amount1` of token1, in whole tokens. */
const v2 = (token0: string, amount0: string, token1: string, amount1: string, blockNumber = 1000): V2PoolState => ({
  kind: 'v2',
  chainId: 1,
  address: addr(poolCount++),
  token0,
  token1,
  reserve0: parseUnits(amount0, decimalsOf.get(token0) ?? 18),
  reserve1: parseUnits(amount1, decimalsOf.get(token1) ?? 18),
  blockNumber,
});
const POOLS = {
  usdcWeth: v2(USDC, '10000000', WETH, '5000'),
  daiWeth: v2(DAI, '2000000', WETH, '1000', 1001),
  usdcUsdt: v2(USDC, '5000000', USDT, '5000000'),
  daiUsdc: v2(DAI, '3000000', USDC, '3000000'),
  tknWeth: v2(TKN, '1000000', WETH, '500'),
  tknUsdcManipulated: v2(TKN, '10000', USDC, '30000'),
  tkn2Tkn: v2(TKN2, '100000', TKN, '200000'),
  tkn3Tkn2: v2(TKN3, '100000', TKN2, '1000000'),
  tkn4Tkn3: v2(TKN4, '100000', TKN3, '1000000'),
  dustUsdc: v2(DUST, '1000', USDC, '250'),
  usdxUsdc: v2(USDX, '1000000', USDC, '800000'),
};
const NOW = 1_700_000_000;
const baseInput: PriceTokensInput = { tokens: TOKENS, pools: Object.values(POOLS), nowSec: NOW };

const priced = (prices: Map<string, TokenPrice>, address: string, chainId = 1): PricedToken => {
  const price = prices.get(tokenKey(chainId, address));
  if (!price || price.priceUsd === null) throw new Error(`${address} has no price: ${JSON.stringify(price)}`);
  return price;
};
const oracle = (tokenAddress: string, answer: string, ageSec: number): OracleAnswerInput => ({
  chainId: 1, token: tokenAddress, feed: addr(900), answer: parseUnits(answer, 8), decimals: 8, updatedAtSec: NOW - ageSec, blockNumber: 1200,
});

describe('priceTokens()', () => {
  const prices = priceTokens(baseInput);

  it('prices a stablecoin at 1 with high confidence when its pools agree', () => {
    expect(priced(prices, USDC)).toMatchObject({ priceUsd: 1, source: 'peg', confidence: 0.99, route: [USDC], hops: 0, blockNumber: 1001 });
    expect(priced(prices, USDC).poolDeviation).toBeLessThan(0.001);
    expect(priced(prices, DAI)).toMatchObject({ priceUsd: 1, confidence: 0.99 });
  });

  it('keeps a depegged stablecoin at its anchor but lowers its confidence (its pools say 0.8)', () => {
    const usdx = priced(prices, USDX);
    expect(usdx).toMatchObject({ priceUsd: 1, source: 'peg' });
    expect(usdx.poolDeviation).toBeCloseTo(0.2, 12);
    expect(usdx.confidence).toBeCloseTo(0.99 * (1 - 4 * (0.2 - 0.02)), 12);
  });

  it('prices WETH from its deep stablecoin pools, liquidity-weighted', () => {
    expect(priced(prices, WETH)).toMatchObject({ priceUsd: 2000, source: 'pool', route: [USDC, WETH], hops: 0, blockNumber: 1001 });
    expect(priced(prices, WETH).pools).toEqual([POOLS.usdcWeth.address, POOLS.daiWeth.address]);
    expect(priced(prices, WETH).liquidityUsd).toBe(12_000_000);
    expect(priced(prices, WETH).confidence).toBeCloseTo(0.99 * 0.99, 12);
  });

  it('prices tokens through several hops and reports the route', () => {
    expect(priced(prices, TKN)).toMatchObject({ priceUsd: 1, hops: 1, route: [USDC, WETH, TKN] });
    expect(priced(prices, TKN2)).toMatchObject({ priceUsd: 2, hops: 2, route: [USDC, WETH, TKN, TKN2] });
    expect(priced(prices, TKN3)).toMatchObject({ priceUsd: 20, hops: 3, route: [USDC, WETH, TKN, TKN2, TKN3] });
    // Confidence falls with the thinner TKN2 pool ($200k) and carries the quote token's confidence along.
    expect(priced(prices, TKN2).confidence).toBeCloseTo((0.5 + (0.49 * Math.log10(20)) / 2) * priced(prices, TKN).confidence, 12);
  });

  it('ignores a manipulated thin pool that deviates from the deep one', () => {
    expect(priced(prices, TKN).pools).toEqual([POOLS.tknWeth.address]);
    expect(priced(prices, TKN).liquidityUsd).toBe(1_000_000);
  });

  it.each([
    ['only a $500 pool', DUST, 'lowLiquidity'],
    ['no pool at all', LONELY, 'noRoute'],
    ['more than maxHops pools from an anchor', TKN4, 'noRoute'],
  ])('gives no price to a token with %s', (_name, address, reason) => {
    expect(prices.get(tokenKey(1, address))).toMatchObject({ priceUsd: null, confidence: 0, reason });
  });

  it('prefers a fresh oracle, and falls back to pools when it is stale', () => {
    const fresh = priceTokens({ ...baseInput, oracles: [oracle(WETH, '1990', 60), oracle(USDC, '0.9998', 60)] });
    expect(priced(fresh, WETH)).toMatchObject({ priceUsd: 1990, source: 'oracle', confidence: 0.99, feed: addr(900), blockNumber: 1200 });
    expect(priced(fresh, USDC)).toMatchObject({ priceUsd: 0.9998, source: 'oracle' });
    expect(priced(fresh, TKN).priceUsd).toBeCloseTo(0.995, 12);
    const stale = priceTokens({ ...baseInput, oracles: [oracle(WETH, '1990', 7200)] });
    expect(priced(stale, WETH)).toMatchObject({ priceUsd: 2000, source: 'pool' });
  });

  it('drops an absurd oracle answer its deep pools contradict (WETH at $20): priced from pools instead', () => {
    const absurd = priceTokens({ ...baseInput, oracles: [oracle(WETH, '20', 60)] });
    expect(priced(absurd, WETH)).toMatchObject({ priceUsd: 2000, source: 'pool' });
    expect(priced(absurd, TKN).priceUsd).toBeCloseTo(1, 12);
  });

  it('blames the absurd feed, not the sound feeds its pools quote it against', () => {
    const result = priceTokens({ ...baseInput, oracles: [oracle(WETH, '1990', 60), oracle(USDC, '5', 60), oracle(DAI, '1.001', 60)] });
    expect(priced(result, USDC)).toMatchObject({ priceUsd: 1, source: 'peg' });
    expect(priced(result, WETH)).toMatchObject({ priceUsd: 1990, source: 'oracle' });
    expect(priced(result, DAI)).toMatchObject({ priceUsd: 1.001, source: 'oracle' });
  });

  it('keeps an oracle its pools disagree with by less than oracleMaxDeviation, with lowered confidence', () => {
    const result = priceTokens({ ...baseInput, oracles: [oracle(WETH, '2200', 60)] });
    const weth = priced(result, WETH);
    expect(weth).toMatchObject({ priceUsd: 2200, source: 'oracle' });
    expect(weth.poolDeviation).toBeCloseTo(1 - 2000 / 2200, 12);
    expect(weth.confidence).toBeCloseTo(0.99 * (1 - 4 * (1 - 2000 / 2200 - 0.02)), 12);
    const strict = priceTokens({ ...baseInput, oracles: [oracle(WETH, '2200', 60)], options: { oracleMaxDeviation: 0.05 } });
    expect(priced(strict, WETH)).toMatchObject({ priceUsd: 2000, source: 'pool' });
  });

  it('uses an oracle unchecked for a token with no pool to another anchor', () => {
    const result = priceTokens({ ...baseInput, oracles: [oracle(LONELY, '123.45', 60)] });
    expect(priced(result, LONELY)).toMatchObject({ priceUsd: 123.45, source: 'oracle', confidence: 0.99 });
  });

  it('lets options tighten the guards', () => {
    const strict = priceTokens({ ...baseInput, options: { minLiquidityUsd: 3_000_000, fullConfidenceLiquidityUsd: 20_000_000 } });
    expect(priced(strict, WETH).pools).toEqual([POOLS.usdcWeth.address]);
    expect(strict.get(tokenKey(1, TKN))).toMatchObject({ priceUsd: null, reason: 'lowLiquidity' });
    const shallow = priceTokens({ ...baseInput, options: { maxHops: 1 } });
    expect(priced(shallow, TKN).priceUsd).toBe(1);
    expect(shallow.get(tokenKey(1, TKN2))).toMatchObject({ priceUsd: null, reason: 'noRoute' });
  });

  it('prices each chain from its own pools', () => {
    const arbitrum = priceTokens({ ...baseInput, tokens: [...TOKENS, { ...TOKENS[4], chainId: 42161 } as TokenInput] });
    expect(arbitrum.get(tokenKey(42161, WETH))).toMatchObject({ priceUsd: null, reason: 'noRoute' });
    expect(priced(arbitrum, WETH).priceUsd).toBe(2000);
  });

  it('has no price through an empty or out-of-range V3 pool', () => {
    const pool = { kind: 'v3' as const, chainId: 1, address: addr(50), token0: USDC, token1: TKN4, sqrtPriceX96: 2n ** 96n, liquidity: 0n, blockNumber: 1 };
    const result = priceTokens({ tokens: TOKENS, pools: [pool], nowSec: NOW });
    expect(result.get(tokenKey(1, TKN4))).toMatchObject({ priceUsd: null, reason: 'lowLiquidity' });
  });

  it('prices WBTC from real V3 pools two ways (block 14756200): direct USDC and through WETH', () => {
    const common = { kind: 'v3' as const, chainId: 1, blockNumber: 14756200 };
    const pools = [
      { ...common, address: '0x88e6a0c2ddd26feeb64f039a2c41296fcb3f5640', token0: USDC, token1: WETH, sqrtPriceX96: 1713099674283590876756634035645162n, liquidity: 5236837348312764474n },
      { ...common, address: '0xcbcdf9626bc03e24f779434178a73a0b4bad62ed', token0: WBTC, token1: WETH, sqrtPriceX96: 29346641572432228498627094012504715n, liquidity: 2336712802363359643n },
      { ...common, address: '0x99ac8ca7087fa4a2a1fb6357269965a2014abc35', token0: WBTC, token1: USDC, sqrtPriceX96: 1369399345523876183225070477709n, liquidity: 6234329277674n },
    ];
    const tokens = [TOKENS[0], TOKENS[4], token(WBTC, 'WBTC', 8)] as TokenInput[];
    const result = priceTokens({ tokens, pools, nowSec: NOW });
    // Hand-computed from sqrtPriceX96: WETH = 2138.9168533505599 USDC; WBTC = 29874.53 USDC direct, 13.72011 WETH.
    expect(priced(result, WETH).priceUsd).toBeCloseTo(Number('2138.91685335055990'), 9);
    const wbtc = priced(result, WBTC);
    expect(wbtc.priceUsd).toBeGreaterThan(Number('13.7201117312742503') * Number('2138.9168533505599'));
    expect(wbtc.priceUsd).toBeLessThan(Number('29874.5288283224132'));
    expect(wbtc).toMatchObject({ source: 'pool', hops: 1, blockNumber: 14756200 });
    expect(wbtc.pools.sort()).toEqual([pools[1]?.address, pools[2]?.address].sort());
    expect(wbtc.confidence).toBeGreaterThan(0.95);
  });

  it.each([
    ['a negative reserve', { ...baseInput, pools: [{ ...POOLS.usdcWeth, reserve0: -1n }] }, NegativeAmountError],
    ['a pool of one token twice', { ...baseInput, pools: [{ ...POOLS.usdcWeth, token1: USDC }] }, InvalidPoolError],
    ['bad decimals', { ...baseInput, tokens: [token(USDC, 'USDC', 256)] }, InvalidDecimalsError],
    ['a bad nowSec', { ...baseInput, nowSec: Number.NaN }, InvalidNumberError],
    ['a bad option', { ...baseInput, options: { maxDeviation: -1 } }, InvalidNumberError],
  ])('rejects %s', (_name, input, error) => {
    expect(() => priceTokens(input)).toThrow(error);
  });
});
