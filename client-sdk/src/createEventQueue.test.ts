import { describe, expect, it } from 'vitest';
import { createEventQueue, DEFAULT_MAX_BUFFERED_EVENTS } from './createEventQueue.js';
import { OnChainError } from './onChainError.js';

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

  it('stops the source and fails with SLOW_CONSUMER, after the buffered values, when the consumer falls too far behind', async () => {
    let stops = 0;
    const queue = createEventQueue<number>(() => stops++, 3);
    for (let i = 1; i <= 5; i++) queue.push(i);
    expect(stops).toBe(1);
    const seen: number[] = [];
    const error = await (async () => {
      for await (const value of queue.subscription) seen.push(value);
    })().then(() => undefined, (e: unknown) => e);
    expect(seen).toEqual([1, 2, 3]);
    expect(error).toBeInstanceOf(OnChainError);
    expect((error as OnChainError).code).toBe('SLOW_CONSUMER');
    expect(stops).toBe(1);
  });

  it(`buffers ${DEFAULT_MAX_BUFFERED_EVENTS} unread values by default`, async () => {
    let stops = 0;
    const queue = createEventQueue<number>(() => stops++);
    for (let i = 0; i < DEFAULT_MAX_BUFFERED_EVENTS; i++) queue.push(i);
    expect(stops).toBe(0);
    queue.push(-1);
    expect(stops).toBe(1);
  });
});
