import { describe, expect, it } from 'vitest';
import { buildLogger } from '../common/logger.js';
import { createMemoryPubSub } from '../pubsub/createMemoryPubSub.js';
import { createLiveSubscriptions } from './createLiveSubscriptions.js';
import { createMemorySubscriptionRegistry } from './subscriptionRegistry.js';

const logger = buildLogger('silent');
const key1 = { accountId: 'acc1', keyId: 'k1', clientAddress: '10.0.0.1' };
const key2 = { accountId: 'acc2', keyId: 'k2', clientAddress: '10.0.0.2' };
/** The key that replaced key1 when it was rotated: same account. */
const key1Rotated = { accountId: 'acc1', keyId: 'k1b', clientAddress: '10.0.0.1' };

/** Two processes sharing a registry and pub/sub, with a clock the test moves. */
function twoProcesses(startIso: string) {
  let nowMs = Date.parse(startIso);
  const registry = createMemorySubscriptionRegistry();
  const pubsub = createMemoryPubSub();
  const seconds: { meterKey: string; day: string; seconds: number }[] = [];
  const make = (instanceId: string) =>
    createLiveSubscriptions({ registry, pubsub, logger, instanceId, now: () => nowMs, onSeconds: (meterKey, day, s) => seconds.push({ meterKey, day, seconds: s }) });
  const [a, b] = [make('a'), make('b')];
  a.start();
  b.start();
  return { a, b, seconds, registry, advance: (ms: number) => (nowMs += ms) };
}

function fakeSubscription(process: ReturnType<typeof createLiveSubscriptions>, connectionId: string, subscriptionId: string) {
  const state = { ended: 0 };
  const info = {
    connectionId,
    subscriptionId,
    operationName: 'Op',
    // As the server does: ending reports the end back.
    end: async () => {
      state.ended++;
      process.closed(connectionId, subscriptionId);
    },
  };
  return { state, info };
}

describe('createLiveSubscriptions()', () => {
  it('counts whole seconds while open, splits them at midnight UTC, and rounds the last partial second at the end', () => {
    const { a, seconds, advance } = twoProcesses('2024-05-01T23:59:50.000Z');
    const { info } = fakeSubscription(a, 'c1', '1');
    a.opened(key1, info);
    advance(4_500);
    a.accrue();
    expect(seconds).toEqual([{ meterKey: 'k1', day: '2024-05-01', seconds: 4 }]);
    advance(8_000); // 23:59:54 -> 00:00:02.5
    a.accrue();
    expect(seconds.slice(1)).toEqual([
      { meterKey: 'k1', day: '2024-05-01', seconds: 6 },
      { meterKey: 'k1', day: '2024-05-02', seconds: 2 },
    ]);
    advance(200);
    a.closed('c1', '1');
    expect(seconds.slice(3)).toEqual([{ meterKey: 'k1', day: '2024-05-02', seconds: 1 }]);
    expect(seconds.reduce((n, s) => n + s.seconds, 0)).toBe(13); // 12.7 s open
  });

  it('meters anonymous subscriptions per client address without listing them', async () => {
    const { a, seconds, advance, registry } = twoProcesses('2024-05-01T12:00:00.000Z');
    a.opened({ accountId: null, keyId: null, clientAddress: '::1' }, fakeSubscription(a, 'c1', '1').info);
    advance(3_000);
    a.accrue();
    expect(seconds).toEqual([{ meterKey: 'anon:::1', day: '2024-05-01', seconds: 3 }]);
    expect(await registry.listByAccount('')).toEqual([]);
  });

  it('ends a subscription held by the other process, and only for the account that owns it', async () => {
    const { a, b } = twoProcesses('2024-05-01T12:00:00.000Z');
    const onB = fakeSubscription(b, 'c9', '7');
    b.opened(key1, onB.info);
    const [listed] = await a.list('acc1');
    expect(listed).toMatchObject({ accountId: 'acc1', keyId: 'k1', connectionId: 'c9', operationName: 'Op', instanceId: 'b' });
    expect(await a.list('acc2')).toEqual([]);

    expect(await a.end(key2.accountId, listed!.id)).toBe(false);
    expect(await a.end(key1.accountId, 'unknown')).toBe(false);
    expect(onB.state.ended).toBe(0);

    expect(await a.end(key1.accountId, listed!.id)).toBe(true);
    await new Promise((r) => setTimeout(r, 10)); // the request travels over pub/sub
    expect(onB.state.ended).toBe(1);
    expect(await a.list('acc1')).toEqual([]);
    expect(b.size()).toBe(0);
  });

  it('lists and ends, for the account, a subscription opened with a key that was rotated since', async () => {
    const { a, b } = twoProcesses('2024-05-01T12:00:00.000Z');
    const old = fakeSubscription(b, 'c1', '1');
    b.opened(key1, old.info); // opened with the old key
    a.opened(key1Rotated, fakeSubscription(a, 'c2', '2').info); // and one with the new key
    const listed = await a.list(key1Rotated.accountId);
    expect(listed.map((r) => r.keyId)).toEqual(['k1', 'k1b']);
    expect(await a.end(key1Rotated.accountId, listed[0]!.id)).toBe(true);
    await new Promise((r) => setTimeout(r, 10));
    expect(old.state.ended).toBe(1);
  });

  it('counts and unregisters what is still open when it stops', async () => {
    const { a, seconds, advance } = twoProcesses('2024-05-01T12:00:00.000Z');
    a.opened(key1, fakeSubscription(a, 'c1', '1').info);
    advance(2_600);
    await a.stop();
    expect(seconds).toEqual([{ meterKey: 'k1', day: '2024-05-01', seconds: 3 }]);
    expect(await a.list('acc1')).toEqual([]);
  });
});
