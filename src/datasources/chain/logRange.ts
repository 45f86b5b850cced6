/**
 * Provider answers that mean "ask for fewer blocks", with the range some of them suggest.
 * Seen in the wild: Infura/-32005 "query returned more than 10000 results. Try with this block range
 * [0x..., 0x...].", Alchemy "Log response size exceeded. You can make eth_getLogs requests with up to a 2K block
 * range and no limit on the response size, or you can request any block range with a cap of 10K logs in the
 * response. Based on your parameters, this block range should work: [0x..., 0x...]", QuickNode "eth_getLogs is
 * limited to a 10,000 range", Ankr/others "block range is too wide", "exceed maximum block range: 5000",
 * geth "query timeout exceeded", "response size should not greater than 10000000 bytes".
 */
const RANGE_PATTERNS = [
  /more than \d+ results/i,
  /log response size exceeded/i,
  /limited to a [\d,]+ (block )?range/i,
  /block range (is )?too (wide|large)/i,
  /exceed(s|ed)? (the )?max(imum)? block range/i,
  /range (is )?too large/i,
  /query timeout exceeded/i,
  /response size should not greater than/i,
  /too many (results|logs)/i,
];

/** True when an eth_getLogs error asks for a smaller block range. */
export function isLogRangeTooLargeError(error: unknown): boolean {
  const texts: string[] = [];
  for (let e: unknown = error, depth = 0; e && depth < 6; e = (e as { cause?: unknown }).cause, depth++) {
    // viem's own refusal of an oversized answer: the range held more logs than the body limit allows.
    if ((e as { name?: string }).name === 'ResponseBodyTooLargeError') return true;
    const { message, shortMessage, details } = e as { message?: string; shortMessage?: string; details?: string };
    texts.push(message ?? '', shortMessage ?? '', details ?? '');
  }
  const text = texts.join('\n');
  return RANGE_PATTERNS.some((pattern) => pattern.test(text));
}

/** The block count a provider suggested (`[0xfrom, 0xto]` in its message), if any. */
export function suggestedRangeSize(error: unknown): number | undefined {
  let text = '';
  for (let e: unknown = error, depth = 0; e && depth < 6; e = (e as { cause?: unknown }).cause, depth++) {
    text += ` ${(e as Error).message ?? ''} ${(e as { details?: string }).details ?? ''}`;
  }
  const match = /\[\s*(0x[0-9a-f]+)\s*,\s*(0x[0-9a-f]+)\s*\]/i.exec(text);
  if (!match) return undefined;
  const size = Number(BigInt(match[2]!) - BigInt(match[1]!)) + 1;
  return size > 0 ? size : undefined;
}

export interface LogRangeSizerOptions {
  /** First range size. Default 1000. */
  initial?: number;
  /** Never below. Default 1. */
  min?: number;
  /** Never above. Default 10,000. */
  max?: number;
  /** Growth factor after a success. Default 1.5. */
  growth?: number;
}

/** Adapts the eth_getLogs block range: shrink on range errors (to the suggestion when given), grow on success. */
export function createLogRangeSizer(options: LogRangeSizerOptions = {}) {
  const min = options.min ?? 1;
  const max = options.max ?? 10_000;
  const growth = options.growth ?? 1.5;
  let size = Math.min(max, Math.max(min, options.initial ?? 1000));
  // The largest size known to fail: growth stays below it, so a provider's hard limit is learned once.
  let ceiling = Number.POSITIVE_INFINITY;
  return {
    get size(): number {
      return size;
    },
    onSuccess(): void {
      size = Math.min(max, ceiling - 1, Math.max(size + 1, Math.floor(size * growth)));
      size = Math.max(min, size);
    },
    /** Returns false when already at the minimum (the caller must give up on this range). */
    onTooLarge(error: unknown): boolean {
      if (size <= min) return false;
      const suggested = suggestedRangeSize(error);
      const fits = suggested !== undefined && suggested < size;
      // A provider's suggestion is a size known to work; otherwise only `size` is known to fail.
      ceiling = Math.min(ceiling, fits ? suggested + 1 : size);
      size = Math.max(min, fits ? suggested : Math.floor(size / 2));
      return true;
    },
  };
}
