import { ApiError } from '../../errors/apiErrors.js';
import { ErrorCode } from '../../errors/errorCode.js';
import type { Principal } from '../../auth/principal.js';

const DAY_SEC = 86_400;

/**
 * The tier's history window (`limits.historyDays`): history reads may not reach further back than that many days
 * before now.
 * @throws ApiError FORBIDDEN naming the earliest time the caller's tier may read, with `limitName: 'historyDays'`.
 */
export function assertWithinHistoryWindow(principal: Principal, fromSec: number, argument: string, nowSec = Math.floor(Date.now() / 1000)): void {
  const days = principal.limits.historyDays;
  const earliestSec = nowSec - days * DAY_SEC;
  if (fromSec >= earliestSec) return;
  const earliest = new Date(earliestSec * 1000).toISOString();
  throw new ApiError(
    ErrorCode.FORBIDDEN,
    `${argument} reaches ${new Date(fromSec * 1000).toISOString()}, before the ${principal.tier} tier's ${days}-day history window; ask from ${earliest} or later, or use a key of a higher tier`,
    { limitName: 'historyDays', limit: days, argument, earliest },
  );
}
