import { describe, expect, it } from 'vitest';
import { createEventQueue } from './createEventQueue.js';

describe('createEventQueue()', () => {
  it('delivers queued values before the error that ended the stream', async () => {
    const queue = createEventQueue<number>(() => undefined);
    queue.push(1);
    queue.push(2);
    queue.fail(new Error('gone'));
    const seen: number[] = [];
    await expect((async () => {
      for await (const value of queue.subscription) seen.push(value);
    })()).rejects.toThrow('gone');
    expect(seen).toEqual([1, 2]);
  });

  it('wakes a waiting consumer and stops the source once when it leaves the loop', async () => {
    let stops = 0;
    const queue = createEventQueue<number>(() => stops++);
    setTimeout(() => queue.push(7), 5);
    for await (const value of queue.subscription) {
      expect(value).toBe(7);
      break;
    }
    queue.subscription.unsubscribe();
    queue.push(8);
    expect(stops).toBe(1);
    expect(await queue.subscription[Symbol.asyncIterator]().next()).toEqual({ done: true, value: undefined });
  });
});
