import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { conflate } from './conflate.js';
import { createSubscriptionQueue } from './createSubscriptionQueue.js';

interface Update {
  key: string;
  value: number;
}

function setup(minIntervalMs: number) {
  let sourceClosed = false;
  const source = createSubscriptionQueue<Update>({ onClose: () => (sourceClosed = true) });
  const out = conflate(source.iterator, { minIntervalMs, keyOf: (u) => u.key });
  const received: { atMs: number; update: Update }[] = [];
  let ended = false;
  const reading = (async () => {
    for await (const update of out) received.push({ atMs: Date.now(), update });
    ended = true;
  })();
  return { source, out, received, reading, isEnded: () => ended, isSourceClosed: () => sourceClosed };
}

/** Lets the pump and the reader run their pending promise callbacks. */
const flush = () => vi.advanceTimersByTimeAsync(0);

describe('conflate()', () => {
  beforeEach(() => {
    vi.useFakeTimers({ now: 1_000_000 });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('delivers the first value at once, then at most one per interval, and always the final value', async () => {
    const s = setup(1000);
    // A burst: one update every 10 ms for T = 3 s.
    for (let i = 0; i < 300; i++) {
      s.source.push({ key: 'a', value: i });
      await vi.advanceTimersByTimeAsync(10);
    }
    await vi.advanceTimersByTimeAsync(2000);
    const values = s.received.map((r) => r.update.value);
    expect(values[0]).toBe(0);
    expect(values.at(-1)).toBe(299);
    expect(values.length).toBeLessThanOrEqual(Math.ceil(3000 / 1000) + 1);
    for (let i = 1; i < s.received.length; i++) expect(s.received[i]!.atMs - s.received[i - 1]!.atMs).toBeGreaterThanOrEqual(1000);
    expect(values).toEqual([...values].sort((a, b) => a - b));
    expect(vi.getTimerCount()).toBe(0);
    await s.out.return?.();
  });

  it.each([
    { minIntervalMs: 100, burstMs: 1000, everyMs: 7 },
    { minIntervalMs: 250, burstMs: 2000, everyMs: 1 },
    { minIntervalMs: 1000, burstMs: 500, everyMs: 50 },
    { minIntervalMs: 60_000, burstMs: 10_000, everyMs: 100 },
  ])('for a $burstMs ms burst every $everyMs ms at $minIntervalMs ms: at most ceil(T/interval)+1 values, the last one final', async ({ minIntervalMs, burstMs, everyMs }) => {
    const s = setup(minIntervalMs);
    let last = -1;
    for (let t = 0; t < burstMs; t += everyMs) {
      s.source.push({ key: 'k', value: ++last });
      await vi.advanceTimersByTimeAsync(everyMs);
    }
    await vi.advanceTimersByTimeAsync(minIntervalMs);
    expect(s.received.length).toBeLessThanOrEqual(Math.ceil(burstMs / minIntervalMs) + 1);
    expect(s.received.at(-1)!.update.value).toBe(last);
    await s.out.return?.();
  });

  it('conflates each key on its own: a busy key never delays or replaces another', async () => {
    const s = setup(1000);
    s.source.push({ key: 'a', value: 1 });
    s.source.push({ key: 'a', value: 2 });
    s.source.push({ key: 'b', value: 10 });
    s.source.push({ key: 'a', value: 3 });
    await flush();
    expect(s.received.map((r) => r.update)).toEqual([{ key: 'a', value: 1 }, { key: 'b', value: 10 }]);
    await vi.advanceTimersByTimeAsync(1000);
    expect(s.received.map((r) => r.update)).toEqual([{ key: 'a', value: 1 }, { key: 'b', value: 10 }, { key: 'a', value: 3 }]);
    await s.out.return?.();
  });

  it('passes values through untouched when they are further apart than the interval', async () => {
    const s = setup(100);
    for (let i = 0; i < 5; i++) {
      s.source.push({ key: 'a', value: i });
      await vi.advanceTimersByTimeAsync(150);
    }
    expect(s.received.map((r) => r.update.value)).toEqual([0, 1, 2, 3, 4]);
    expect(vi.getTimerCount()).toBe(0);
    await s.out.return?.();
  });

  it('keeps only the newest unread value per key for a consumer that does not read', async () => {
    const source = createSubscriptionQueue<Update>({ onClose: () => undefined });
    const out = conflate(source.iterator, { minIntervalMs: 100, keyOf: (u) => u.key });
    for (let i = 0; i < 50; i++) {
      source.push({ key: i % 2 === 0 ? 'even' : 'odd', value: i });
      await vi.advanceTimersByTimeAsync(150);
    }
    expect((await out.next()).value).toEqual({ key: 'even', value: 48 });
    expect((await out.next()).value).toEqual({ key: 'odd', value: 49 });
    await out.return?.();
  });

  it('return() clears every timer, ends a pending read and unsubscribes the source', async () => {
    const s = setup(5000);
    s.source.push({ key: 'a', value: 1 });
    s.source.push({ key: 'a', value: 2 });
    s.source.push({ key: 'b', value: 1 });
    s.source.push({ key: 'b', value: 2 });
    await flush();
    expect(vi.getTimerCount()).toBe(2);
    await s.out.return?.();
    await flush();
    expect(vi.getTimerCount()).toBe(0);
    expect(s.isEnded()).toBe(true);
    expect(s.isSourceClosed()).toBe(true);
    await vi.advanceTimersByTimeAsync(10_000);
    expect(s.received.map((r) => r.update.value)).toEqual([1, 1]);
  });

  it('flushes the trailing values of a finished source, then ends', async () => {
    const s = setup(1000);
    s.source.push({ key: 'a', value: 1 });
    s.source.push({ key: 'a', value: 2 });
    await flush();
    s.source.close();
    await flush();
    expect(s.isEnded()).toBe(false);
    await vi.advanceTimersByTimeAsync(1000);
    expect(s.received.map((r) => r.update.value)).toEqual([1, 2]);
    expect(s.isEnded()).toBe(true);
    await s.reading;
  });

  it('raises the source error on the next read and clears its timers', async () => {
    const failing: AsyncIterator<Update> = {
      next: () => Promise.reject(new Error('redis gone')),
    };
    const out = conflate(failing, { minIntervalMs: 100, keyOf: (u) => u.key });
    await expect(out.next()).rejects.toThrow('redis gone');
    expect(vi.getTimerCount()).toBe(0);
    expect(await out.next()).toEqual({ value: undefined, done: true });
  });

  it('refuses a non-positive interval', () => {
    const source = createSubscriptionQueue<Update>({ onClose: () => undefined });
    expect(() => conflate(source.iterator, { minIntervalMs: 0, keyOf: (u) => u.key })).toThrow(RangeError);
  });
});
