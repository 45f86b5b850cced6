import { describe, expect, it } from 'vitest';
import type { Principal } from '../../auth/principal.js';
import { defaultTiers } from '../../auth/tiers.js';
import { assertWithinHistoryWindow } from './historyWindow.js';

const anonymous: Principal = { accountId: null, keyId: null, keyPrefix: null, tier: 'anonymous', clientAddress: '127.0.0.1', limits: defaultTiers.anonymous };
const NOW = 1_800_000_000;
const DAY = 86_400;

describe('assertWithinHistoryWindow', () => {
  it('accepts a start inside the window, up to its first second', () => {
    expect(() => assertWithinHistoryWindow(anonymous, NOW - DAY, 'from', NOW)).not.toThrow();
    expect(() => assertWithinHistoryWindow(anonymous, NOW - 30 * DAY, 'from', NOW)).not.toThrow();
  });

  it('refuses a start one second before the window with FORBIDDEN, the limit and the earliest allowed time', () => {
    let error: unknown;
    try {
      assertWithinHistoryWindow(anonymous, NOW - 30 * DAY - 1, 'from', NOW);
    } catch (e) {
      error = e;
    }
    expect(error).toMatchObject({
      extensions: { code: 'FORBIDDEN', limitName: 'historyDays', limit: 30, argument: 'from', earliest: new Date((NOW - 30 * DAY) * 1000).toISOString() },
    });
    expect((error as Error).message).toContain("anonymous tier's 30-day history window");
  });

  it('follows the tier: enterprise reads ten years back', () => {
    const enterprise: Principal = { ...anonymous, tier: 'enterprise', limits: defaultTiers.enterprise };
    expect(() => assertWithinHistoryWindow(enterprise, NOW - 3_000 * DAY, 'from', NOW)).not.toThrow();
    expect(() => assertWithinHistoryWindow(enterprise, NOW - 3_651 * DAY, 'from', NOW)).toThrow(/3650-day/);
  });
});
