import { assertDecimals } from './assertDecimals.js';
import type { OracleAnswerInput } from './types.js';
import { unitsToNumber } from './unitsToNumber.js';

/** A usable oracle price. */
export interface OraclePrice {
  priceUsd: number;
  feed: string;
  updatedAtSec: number;
  blockNumber: number;
}

/**
 * The latest positive answer among a token's oracle answers, if it is fresh: `nowSec - updatedAtSec <= maxAge`,
 * where maxAge is the answer's own `maxAgeSec` (its heartbeat) or `defaultMaxAgeSec`. Answers <= 0 are ignored
 * (Chainlink consumers must reject them), and so are answers dated after `nowSec`.
 * @returns null when there is no positive answer or the latest one is stale.
 * @throws {InvalidDecimalsError} for bad feed decimals.
 */
export function selectOracleAnswer(
  answers: readonly OracleAnswerInput[],
  nowSec: number,
  defaultMaxAgeSec: number,
): OraclePrice | null {
  let latest: OracleAnswerInput | undefined;
  for (const answer of answers) {
    assertDecimals(answer.decimals);
    // A round dated after "now" comes from a clock running ahead: it cannot prove freshness.
    if (answer.answer <= 0n || answer.updatedAtSec > nowSec) continue;
    if (!latest || answer.updatedAtSec > latest.updatedAtSec) latest = answer;
  }
  if (!latest || nowSec - latest.updatedAtSec > (latest.maxAgeSec ?? defaultMaxAgeSec)) return null;
  return {
    priceUsd: unitsToNumber(latest.answer, latest.decimals),
    feed: latest.feed,
    updatedAtSec: latest.updatedAtSec,
    blockNumber: latest.blockNumber,
  };
}
