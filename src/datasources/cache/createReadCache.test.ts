import { describe, expect, it } from 'vitest';
import { createReadCache } from './createReadCache.js';

function counter() {
  let calls = 0;
  const read = async (a: number, b: { x: bigint }) => {
    calls++;
    return `${a}:${b.x}:${calls}`;
  };
  return { read, calls: () => calls };
}

describe('createReadCache', () => {
  it('reuses an answer for the same arguments within the TTL, and reads again after it', async () => {
    let t = 0;
    const cache = createReadCache({ ttlMs: 1000, now: () => t });
    const c = counter();
    const read = cache.memo('read', c.read);
    expect(await read(1, { x: 2n })).toBe('1:2:1');
    t = 999;
    expect(await read(1, { x: 2n })).toBe('1:2:1');
    expect(await read(1, { x: 3n })).toBe('1:3:2');
    t = 1000;
    expect(await read(1, { x: 2n })).toBe('1:2:3');
    expect(cache.stats()).toMatchObject({ hits: 1, misses: 3 });
  });

  it('shares one read between concurrent callers (single flight)', async () => {
    const cache = createReadCache({ ttlMs: 1000 });
    const c = counter();
    const read = cache.memo('read', c.read);
    const answers = await Promise.all(Array.from({ length: 10 }, () => read(1, { x: 1n })));
    expect(new Set(answers).size).toBe(1);
    expect(c.calls()).toBe(1);
  });

  it('forgets everything on clear(), and never keeps a failed read', async () => {
    const cache = createReadCache({ ttlMs: 60_000 });
    let fail = true;
    let calls = 0;
    const read = cache.memo('read', async () => {
      calls++;
      if (fail) throw new Error('down');
      return calls;
    });
    await expect(read()).rejects.toThrow('down');
    fail = false;
    expect(await read()).toBe(2);
    expect(await read()).toBe(2);
    cache.clear();
    expect(await read()).toBe(3);
  });

  it('keeps at most maxEntries, dropping the oldest', async () => {
    const cache = createReadCache({ ttlMs: 60_000, maxEntries: 2 });
    const c = counter();
    const read = cache.memo('read', c.read);
    await read(1, { x: 0n });
    await read(2, { x: 0n });
    await read(3, { x: 0n });
    expect(cache.stats().size).toBe(2);
    await read(1, { x: 0n });
    expect(c.calls()).toBe(4);
  });

  it('wraps only the named methods of an object', async () => {
    const cache = createReadCache({ ttlMs: 60_000 });
    let a = 0;
    let b = 0;
    const repo = { a: async () => ++a, b: async () => ++b };
    const wrapped = cache.wrap(repo, ['a']);
    await wrapped.a();
    await wrapped.a();
    await wrapped.b();
    await wrapped.b();
    expect([a, b]).toEqual([1, 2]);
  });
});
