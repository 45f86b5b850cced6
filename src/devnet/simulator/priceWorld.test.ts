import { describe, expect, it } from 'vitest';
import { createPriceWorld, type CreatePriceWorldOptions } from './priceWorld.js';

const INITIAL = { WETH: 3000, WBTC: 60_000, USDC: 1, MEME: 0.001, LINK: 15 };
const options = (extra: Partial<CreatePriceWorldOptions> = {}): CreatePriceWorldOptions => ({ seed: 7, initialPricesUsd: INITIAL, tickSec: 12, ...extra });

function path(world: ReturnType<typeof createPriceWorld>, ticks: number, symbol: string): number[] {
  const prices: number[] = [];
  for (let i = 0; i < ticks; i++) {
    world.advance();
    prices.push(world.priceUsd(symbol));
  }
  return prices;
}

describe('createPriceWorld()', () => {
  it('starts at the initial prices and replays the same path for the same seed', () => {
    const a = createPriceWorld(options());
    for (const [symbol, price] of Object.entries(INITIAL)) expect(a.snapshot()[symbol]).toBeCloseTo(price, 9);
    const b = createPriceWorld(options());
    expect(path(a, 500, 'WETH')).toEqual(path(b, 500, 'WETH'));
    expect(path(createPriceWorld(options({ seed: 8 })), 5, 'WETH')).not.toEqual(path(createPriceWorld(options()), 5, 'WETH'));
  });

  it('futurePriceUsd(symbol, k) is the price k ticks later, and querying it does not change the path', () => {
    const world = createPriceWorld(options());
    world.advance();
    const predicted = [1, 5, 30].map((k) => world.futurePriceUsd('WETH', k));
    const untouched = createPriceWorld(options());
    untouched.advance();
    const realised = path(world, 30, 'WETH');
    expect([realised[0], realised[4], realised[29]]).toEqual(predicted);
    expect(path(untouched, 30, 'WETH')).toEqual(realised);
  });

  it('keeps stablecoins near 1 and moves the meme token most over six hours of 12 s ticks', () => {
    const world = createPriceWorld(options({ randomShocks: false }));
    const usdc: number[] = [];
    for (let i = 0; i < 1800; i++) {
      world.advance();
      usdc.push(world.priceUsd('USDC'));
    }
    expect(Math.max(...usdc.map((price) => Math.abs(price - 1)))).toBeLessThan(0.005);
    const logMove = (symbol: keyof typeof INITIAL) => Math.abs(Math.log(world.priceUsd(symbol) / INITIAL[symbol]));
    expect(logMove('MEME')).toBeGreaterThan(0.01);
    expect(logMove('WETH')).toBeLessThan(0.2);
  });

  it('applies a scheduled -20 % ETH shock at its tick, reports it, and drags correlated tokens', () => {
    const calm = createPriceWorld(options({ randomShocks: false }));
    const shocked = createPriceWorld(options({ randomShocks: false, scheduledShocks: [{ tick: 3, symbol: 'WETH', factor: 0.8 }] }));
    for (let i = 0; i < 3; i++) {
      calm.advance();
      shocked.advance();
    }
    expect(shocked.shock('WETH')).toBe(0.8);
    expect(shocked.priceUsd('WETH') / calm.priceUsd('WETH')).toBeCloseTo(0.8, 10);
    expect(shocked.priceUsd('WBTC') / calm.priceUsd('WBTC')).toBeCloseTo(0.8 ** 0.8, 10);
    expect(shocked.priceUsd('USDC')).toBe(calm.priceUsd('USDC'));
    shocked.advance();
    expect(shocked.shock('WETH')).toBe(1);
  });

  it('draws random shocks at about the configured rate', () => {
    const world = createPriceWorld(options({ randomShocks: { perHour: 2, symbols: { WETH: 1 } } }));
    let shocks = 0;
    for (let i = 0; i < 15_000; i++) {
      world.advance();
      if (world.shock('WETH') !== 1) shocks++;
    }
    // 15,000 ticks of 12 s = 50 h at 2 per hour.
    expect(shocks).toBeGreaterThan(70);
    expect(shocks).toBeLessThan(130);
  });

  it('throws for an unknown symbol', () => {
    expect(() => createPriceWorld(options()).priceUsd('DOGE')).toThrow(RangeError);
  });
});
