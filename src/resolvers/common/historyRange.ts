import type { Principal } from '../../auth/principal.js';
import { badUserInput } from '../../errors/apiErrors.js';
import { assertWithinHistoryWindow } from './historyWindow.js';

const DAY_SEC = 86_400;
/** Longest history range per interval (analytics caps a series at 100,000 buckets; these stay far below). */
const MAX_RANGE_SEC = { hour: 366 * DAY_SEC, day: 10 * 366 * DAY_SEC } as const;

/**
 * Validates a history range and converts it to unix seconds; `to` defaults to now.
 * @throws ApiError BAD_USER_INPUT when `from` is after `to` or the range is longer than a year of hours / ten years of days;
 * FORBIDDEN when `from` is before the caller's tier history window.
 */
export function toHistoryRange(interval: 'hour' | 'day', from: Date, to: Date | null, principal: Principal): { fromSec: number; toSec: number } {
  const fromSec = Math.floor(from.getTime() / 1000);
  const toSec = Math.floor((to ?? new Date()).getTime() / 1000);
  if (fromSec > toSec) throw badUserInput('from must not be after to', 'from');
  if (toSec - fromSec > MAX_RANGE_SEC[interval]) throw badUserInput(`range too long for interval ${interval}`, 'from');
  assertWithinHistoryWindow(principal, fromSec, 'from');
  return { fromSec, toSec };
}
