import { describe, expect, it } from 'vitest';
import { createRandom } from '../../utils/random.js';
import { planWashRound } from './washTrader.js';

describe('planWashRound()', () => {
  it.each([
    { positions: [0n, 0n, 0n, 0n], buys: 2 },
    { positions: [0n, 0n, 0n], buys: 1 },
    { positions: [0n, 0n, 0n, 0n, 0n], buys: 2 },
  ])('pairs one seller with each buyer for a ring of $positions.length', ({ positions, buys }) => {
    const legs = planWashRound(positions, 0);
    expect(legs.map((leg) => leg.side)).toEqual(Array.from({ length: buys }, () => ['buy', 'sell']).flat());
    expect(new Set(legs.map((leg) => leg.wallet)).size).toBe(legs.length);
  });

  it('makes the lowest positions buy and the highest sell', () => {
    const legs = planWashRound([5n, -3n, 9n, 0n], 0);
    expect(legs).toEqual([
      { wallet: 1, side: 'buy' },
      { wallet: 2, side: 'sell' },
      { wallet: 3, side: 'buy' },
      { wallet: 0, side: 'sell' },
    ]);
  });

  it('keeps every member within two round sizes of zero over many rounds', () => {
    const random = createRandom(3);
    for (const size of [3, 4, 5]) {
      const positions = Array.from({ length: size }, () => 0n);
      for (let round = 0; round < 200; round++) {
        const amount = BigInt(random.int(100, 1000));
        for (const leg of planWashRound(positions, round)) positions[leg.wallet]! += leg.side === 'buy' ? amount : -amount;
        expect(positions.reduce((a, b) => a + b, 0n)).toBe(0n);
        for (const position of positions) expect(position < 0n ? -position : position).toBeLessThanOrEqual(2000n);
      }
    }
  });
});
