import { describe, expect, it } from 'vitest';
import { InvalidDecimalsError } from './errors.js';
import { selectOracleAnswer } from './selectOracleAnswer.js';
import type { OracleAnswerInput } from './types.js';

const answer = (value: bigint, updatedAtSec: number, extra: Partial<OracleAnswerInput> = {}): OracleAnswerInput => ({
  chainId: 1,
  token: '0xweth',
  feed: '0xfeed',
  answer: value,
  decimals: 8,
  updatedAtSec,
  blockNumber: updatedAtSec / 12,
  ...extra,
});

describe('selectOracleAnswer()', () => {
  const nowSec = 1_700_000_000;

  it.each([
    ['a fresh answer', [answer(200_012_345_678n, nowSec - 60)], 2000.12345678],
    ['the latest of several', [answer(1n * 10n ** 8n, nowSec - 600), answer(3n * 10n ** 8n, nowSec - 10), answer(2n * 10n ** 8n, nowSec - 300)], 3],
    ['exactly at the max age', [answer(10n ** 8n, nowSec - 3600)], 1],
    ['a stale answer with a longer heartbeat', [answer(10n ** 8n, nowSec - 80_000, { maxAgeSec: 86_400 })], 1],
    ['a positive answer over a newer negative one', [answer(10n ** 8n, nowSec - 100), answer(-5n, nowSec)], 1],
  ])('uses %s', (_name, answers, priceUsd) => {
    expect(selectOracleAnswer(answers, nowSec, 3600)?.priceUsd).toBe(priceUsd);
  });

  it.each([
    ['no answer', []],
    ['a stale answer', [answer(10n ** 8n, nowSec - 3601)]],
    ['a zero answer', [answer(0n, nowSec)]],
    ['an answer dated after now', [answer(10n ** 8n, nowSec + 60)]],
    ['a stale latest even when an older one exists', [answer(10n ** 8n, nowSec - 7200), answer(10n ** 8n, nowSec - 4000)]],
  ])('has no price from %s', (_name, answers) => {
    expect(selectOracleAnswer(answers, nowSec, 3600)).toBeNull();
  });

  it('rejects bad feed decimals', () => {
    expect(() => selectOracleAnswer([answer(1n, nowSec, { decimals: 300 })], nowSec, 3600)).toThrow(InvalidDecimalsError);
  });
});
