import { getLiquidityConfidence } from './getLiquidityConfidence.js';
import type { ResolvedPricingOptions } from './resolvePricingOptions.js';
import type { UnpricedReason } from './types.js';
import { weightedMedian } from './weightedMedian.js';

/** What one pool says a token is worth in USD, through a quote token that already has a price. */
export interface PriceQuote {
  pool: string;
  /** The already-priced token on the other side (its tokenKey). */
  quoteKey: string;
  /** Candidate USD price of the token: pool price x quote token's USD price. */
  priceUsd: number;
  /** USD depth of the quote side: the weight of this quote. */
  weightUsd: number;
  /** Confidence of the quote token's own price. */
  quoteConfidence: number;
  blockNumber: number;
}

/** The quotes that survived, combined. */
export interface AggregatedPrice {
  priceUsd: number;
  confidence: number;
  liquidityUsd: number;
  /** Survivors, deepest first. */
  quotes: PriceQuote[];
}

/** No trustworthy price from these quotes. */
export interface RejectedQuotes {
  reason: Exclude<UnpricedReason, 'noRoute'>;
}

const deviation = (value: number, reference: number): number => Math.abs(value / reference - 1);

/**
 * Combines pool quotes for one token into a liquidity-weighted price, with the manipulation guards:
 * 1. quotes whose quote side is below `minLiquidityUsd` are dropped (all dropped: `lowLiquidity`);
 * 2. a quote deviating more than `maxDeviation` from the weighted median of the *other* quotes is dropped unless it
 *    holds more weight than all of them together (a thin pool cannot outvote deep ones; all dropped: `outlier`);
 * 3. price = sum(w * p) / sum(w); confidence = liquidityConfidence(sum(w)) x weighted mean of quote confidences.
 */
export function aggregateQuotes(
  quotes: readonly PriceQuote[],
  options: Pick<ResolvedPricingOptions, 'minLiquidityUsd' | 'fullConfidenceLiquidityUsd' | 'maxDeviation'>,
): AggregatedPrice | RejectedQuotes {
  const liquid = quotes.filter((quote) => quote.weightUsd >= options.minLiquidityUsd && quote.priceUsd > 0);
  if (liquid.length === 0) return { reason: 'lowLiquidity' };
  const survivors = liquid.filter((quote) => {
    const others = liquid.filter((other) => other !== quote);
    const reference = weightedMedian(others.map((other) => ({ value: other.priceUsd, weight: other.weightUsd })));
    if (reference === null || deviation(quote.priceUsd, reference) <= options.maxDeviation) return true;
    const othersWeight = others.reduce((sum, other) => sum + other.weightUsd, 0);
    return quote.weightUsd > othersWeight;
  });
  if (survivors.length === 0) return { reason: 'outlier' };
  survivors.sort((a, b) => b.weightUsd - a.weightUsd);
  const liquidityUsd = survivors.reduce((sum, quote) => sum + quote.weightUsd, 0);
  const weighted = (pick: (quote: PriceQuote) => number): number =>
    survivors.reduce((sum, quote) => sum + quote.weightUsd * pick(quote), 0) / liquidityUsd;
  const confidence = getLiquidityConfidence(liquidityUsd, options) * weighted((quote) => quote.quoteConfidence);
  return { priceUsd: weighted((quote) => quote.priceUsd), confidence, liquidityUsd, quotes: survivors };
}
