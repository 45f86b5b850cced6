import { aggregateQuotes, type AggregatedPrice, type PriceQuote } from './aggregateQuotes.js';
import { assertDecimals } from './assertDecimals.js';
import { assertNonNegativeNumber } from './assertNonNegativeNumber.js';
import { MAX_CONFIDENCE } from './getLiquidityConfidence.js';
import { getPoolEdges, type PoolEdge } from './getPoolEdges.js';
import { resolvePricingOptions, type PriceTokensOptions, type ResolvedPricingOptions } from './resolvePricingOptions.js';
import { selectOracleAnswer } from './selectOracleAnswer.js';
import { tokenKey } from './tokenKey.js';
import type { OracleAnswerInput, PoolStateInput, PricedToken, TokenInput, TokenPrice, UnpricedReason } from './types.js';

/** Input of {@link priceTokens}: one snapshot of tokens, pool states and oracle answers, on one or more chains. */
export interface PriceTokensInput {
  tokens: readonly TokenInput[];
  pools: readonly PoolStateInput[];
  oracles?: readonly OracleAnswerInput[];
  /** "Now" for oracle staleness, in unix seconds. */
  nowSec: number;
  options?: PriceTokensOptions;
}

/** A pool edge with its quote token's key computed once (collectQuotes runs per level). */
type KeyedEdge = PoolEdge & { quoteKey: string };

interface PricingState {
  tokens: Map<string, TokenInput>;
  edges: Map<string, KeyedEdge[]>;
  prices: Map<string, PricedToken>;
  options: ResolvedPricingOptions;
}

/**
 * USD prices for every token, DefiLlama style. Order of precedence:
 * 1. a fresh oracle answer (`source: 'oracle'`, confidence 0.99), unless the token's pools to the other anchors
 *    imply a price more than `oracleMaxDeviation` away (an absurd answer: dropped, see `rejectContradictedOracles`);
 * 2. stablecoins without one: the 1.0 peg (`source: 'peg'`, confidence 0.99);
 * 3. wrapped native tokens: from their pools against stablecoins;
 * then stablecoins and oracle-priced tokens are cross-checked against the other anchors (a stable its pools value
 * 0.8 keeps its anchor price but loses confidence), and the rest is priced by BFS over the pool graph from the anchors, at most
 * `maxHops` pools away, each token from all its pools to already-priced tokens (see `aggregateQuotes`).
 * A token without a trustworthy route maps to `{ priceUsd: null, reason }`: never a guessed price.
 * Pools whose tokens are not in `tokens` are ignored.
 * @returns one entry per token, keyed by `tokenKey(chainId, address)`.
 * @throws {InvalidDecimalsError} {NegativeAmountError} {InvalidPoolError} {InvalidNumberError} for bad input.
 */
export function priceTokens(input: PriceTokensInput): Map<string, TokenPrice> {
  assertNonNegativeNumber('nowSec', input.nowSec);
  const state = buildState(input);
  const heads = newestBlockPerChain(input);
  priceFromOraclesAndPegs(state, input.oracles ?? [], input.nowSec, heads);
  rejectContradictedOracles(state, heads);
  const anchors = [...state.prices.keys()];
  const stables = anchors.filter((key) => state.tokens.get(key)?.isStable === true);
  for (const [key, token] of state.tokens) {
    if (!token.isWrappedNative || state.prices.has(key)) continue;
    const result = aggregateQuotes(collectQuotes(state, key, stables), state.options);
    if ('priceUsd' in result) state.prices.set(key, toPoolPrice(state, token, result, 0));
  }
  for (const key of anchors) if (stables.includes(key) || state.prices.get(key)?.source === 'oracle') crossCheckAnchor(state, key);
  const failures = new Map<string, UnpricedReason>();
  for (let hop = 1; hop <= state.options.maxHops; hop++) {
    const level: PricedToken[] = [];
    for (const [key, token] of state.tokens) {
      if (state.prices.has(key)) continue;
      const quotes = collectQuotes(state, key);
      if (quotes.length === 0) continue;
      const result = aggregateQuotes(quotes, state.options);
      if ('reason' in result) failures.set(key, result.reason);
      else level.push(toPoolPrice(state, token, result, hop));
    }
    if (level.length === 0) break;
    for (const price of level) state.prices.set(tokenKey(price.chainId, price.address), price);
  }
  const output = new Map<string, TokenPrice>();
  for (const [key, token] of state.tokens) {
    const { chainId, address, symbol } = token;
    output.set(key, state.prices.get(key) ?? { chainId, address, symbol, priceUsd: null, confidence: 0, reason: failures.get(key) ?? 'noRoute' });
  }
  return output;
}

function buildState(input: PriceTokensInput): PricingState {
  const tokens = new Map<string, TokenInput>();
  for (const token of input.tokens) {
    assertDecimals(token.decimals);
    tokens.set(tokenKey(token.chainId, token.address), { ...token, address: token.address.toLowerCase() });
  }
  const edges = new Map<string, KeyedEdge[]>();
  for (const pool of input.pools) {
    const token0 = tokens.get(tokenKey(pool.chainId, pool.token0));
    const token1 = tokens.get(tokenKey(pool.chainId, pool.token1));
    if (!token0 || !token1) continue;
    const normalized = { ...pool, token0: token0.address, token1: token1.address };
    for (const edge of getPoolEdges(normalized, token0.decimals, token1.decimals)) {
      const key = tokenKey(edge.chainId, edge.base);
      const keyed = { ...edge, quoteKey: tokenKey(edge.chainId, edge.quote) };
      const list = edges.get(key);
      if (list) list.push(keyed);
      else edges.set(key, [keyed]);
    }
  }
  return { tokens, edges, prices: new Map(), options: resolvePricingOptions(input.options) };
}

function newestBlockPerChain(input: PriceTokensInput): Map<number, number> {
  const heads = new Map<number, number>();
  for (const item of [...input.pools, ...(input.oracles ?? [])]) {
    heads.set(item.chainId, Math.max(heads.get(item.chainId) ?? 0, item.blockNumber));
  }
  return heads;
}

function priceFromOraclesAndPegs(state: PricingState, oracles: readonly OracleAnswerInput[], nowSec: number, heads: Map<number, number>): void {
  const byToken = new Map<string, OracleAnswerInput[]>();
  for (const answer of oracles) {
    const key = tokenKey(answer.chainId, answer.token);
    const list = byToken.get(key);
    if (list) list.push(answer);
    else byToken.set(key, [answer]);
  }
  for (const [key, token] of state.tokens) {
    const base = { chainId: token.chainId, address: token.address, symbol: token.symbol, route: [token.address], pools: [], liquidityUsd: null, hops: 0 };
    const oracle = selectOracleAnswer(byToken.get(key) ?? [], nowSec, state.options.oracleMaxAgeSec);
    if (oracle) {
      const { priceUsd, feed, blockNumber } = oracle;
      state.prices.set(key, { ...base, priceUsd, confidence: MAX_CONFIDENCE, source: 'oracle', feed, blockNumber });
    } else if (token.isStable) {
      state.prices.set(key, pegPrice(token, heads));
    }
  }
}

function pegPrice(token: TokenInput, heads: Map<number, number>): PricedToken {
  const { chainId, address, symbol } = token;
  return { chainId, address, symbol, route: [address], pools: [], liquidityUsd: null, hops: 0, priceUsd: 1, confidence: MAX_CONFIDENCE, source: 'peg', blockNumber: heads.get(chainId) ?? 0 };
}

/**
 * Drops oracle prices their pools contradict. An oracle-priced token is contradicted when its pools to the other
 * anchors imply (through `aggregateQuotes`) a price more than `oracleMaxDeviation` away from its answer. While any
 * is, the one that disagrees with the most anchors (then by |ln(implied / answer)|) loses its oracle price: a
 * stablecoin falls back to its peg, any other token is priced from pools like a token without a feed. One at a
 * time, so one absurd feed does not also condemn the sound feeds its pools quote it against. A token whose pools
 * reach no other anchor (or are thinner than `minLiquidityUsd`) keeps its oracle price unchecked.
 */
function rejectContradictedOracles(state: PricingState, heads: Map<number, number>): void {
  const { oracleMaxDeviation, minLiquidityUsd } = state.options;
  for (;;) {
    let worst: { key: string; conflicts: number; score: number } | undefined;
    for (const [key, price] of state.prices) {
      if (price.source !== 'oracle') continue;
      const quotes = collectQuotes(state, key);
      const result = aggregateQuotes(quotes, state.options);
      if (!('priceUsd' in result) || Math.abs(result.priceUsd / price.priceUsd - 1) <= oracleMaxDeviation) continue;
      const disagreeing = quotes.filter((q) => q.weightUsd >= minLiquidityUsd && Math.abs(q.priceUsd / price.priceUsd - 1) > oracleMaxDeviation);
      const conflicts = new Set(disagreeing.map((q) => q.quoteKey)).size;
      const score = Math.abs(Math.log(result.priceUsd / price.priceUsd));
      if (!worst || conflicts > worst.conflicts || (conflicts === worst.conflicts && score > worst.score)) worst = { key, conflicts, score };
    }
    if (!worst) return;
    const token = state.tokens.get(worst.key);
    state.prices.delete(worst.key);
    if (token?.isStable) state.prices.set(worst.key, pegPrice(token, heads));
  }
}

/** Quotes for `key` from its pools to priced tokens (restricted to `onlyFrom` when given). */
function collectQuotes(state: PricingState, key: string, onlyFrom?: readonly string[]): PriceQuote[] {
  const quotes: PriceQuote[] = [];
  for (const edge of state.edges.get(key) ?? []) {
    const { quoteKey } = edge;
    const quotePrice = state.prices.get(quoteKey);
    if (!quotePrice || (onlyFrom && !onlyFrom.includes(quoteKey))) continue;
    quotes.push({
      pool: edge.pool,
      quoteKey,
      priceUsd: edge.price * quotePrice.priceUsd,
      weightUsd: edge.quoteDepth * quotePrice.priceUsd,
      quoteConfidence: quotePrice.confidence,
      blockNumber: Math.max(edge.blockNumber, quotePrice.blockNumber),
    });
  }
  return quotes;
}

function toPoolPrice(state: PricingState, token: TokenInput, result: AggregatedPrice, hops: number): PricedToken {
  const [deepest] = result.quotes;
  const parentRoute = deepest ? (state.prices.get(deepest.quoteKey)?.route ?? []) : [];
  return {
    chainId: token.chainId,
    address: token.address,
    symbol: token.symbol,
    priceUsd: result.priceUsd,
    confidence: result.confidence,
    source: 'pool',
    route: [...parentRoute, token.address],
    pools: result.quotes.map((quote) => quote.pool),
    liquidityUsd: result.liquidityUsd,
    hops,
    blockNumber: Math.max(...result.quotes.map((quote) => quote.blockNumber)),
  };
}

/**
 * Lowers an anchor's (stablecoin or oracle-priced token) confidence when its pools against the other anchors disagree
 * with its anchor price: deviation d = |implied / anchor - 1|; confidence x max(0.05, 1 - 4 * max(0, d - stableDepegTolerance)).
 */
function crossCheckAnchor(state: PricingState, key: string): void {
  const anchor = state.prices.get(key);
  if (!anchor) return;
  const result = aggregateQuotes(collectQuotes(state, key), state.options);
  if (!('priceUsd' in result)) return;
  const poolDeviation = Math.abs(result.priceUsd / anchor.priceUsd - 1);
  const penalty = Math.max(0.05, 1 - 4 * Math.max(0, poolDeviation - state.options.stableDepegTolerance));
  state.prices.set(key, { ...anchor, confidence: anchor.confidence * penalty, poolDeviation });
}
