import { badUserInput } from '../../errors/apiErrors.js';
import { MAX_USAGE_RANGE_DAYS, utcDayOf, utcDayStartMs, utcDaysBetween } from '../../usage/usageCounters.js';

const DAY_MS = 86_400_000;

/**
 * The UTC days of `me.usage(from, to)`: `to` defaults to now, `from` to 29 days before `to`'s day; days after now
 * are left out.
 * @throws ApiError BAD_USER_INPUT when `from` is after `to` or the range spans more than MAX_USAGE_RANGE_DAYS days.
 */
export function toUsageDays(from: Date | null | undefined, to: Date | null | undefined, nowMs: number): string[] {
  const toMs = to ? to.getTime() : nowMs;
  const fromMs = from ? from.getTime() : utcDayStartMs(utcDayOf(toMs)) - 29 * DAY_MS;
  if (fromMs > toMs) throw badUserInput('from must not be after to', 'from');
  const spanDays = (utcDayStartMs(utcDayOf(toMs)) - utcDayStartMs(utcDayOf(fromMs))) / DAY_MS + 1;
  if (spanDays > MAX_USAGE_RANGE_DAYS) throw badUserInput(`the range spans ${spanDays} UTC days; at most ${MAX_USAGE_RANGE_DAYS} are allowed`, 'from');
  return utcDaysBetween(fromMs, Math.min(toMs, nowMs));
}
