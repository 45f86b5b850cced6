import { InvalidNumberError, UnorderedSeriesError } from './errors.js';

/**
 * Up to `maxSamples` blocks evenly spaced in block number over a bucket, for its candle: targets
 * `first + round(k * (last - first) / (maxSamples - 1))`, each mapped to the last stored block at or before it (on a
 * chain whose headers are stored only where events are, the state at a target is the state at that block). The
 * first and last stored blocks are always in; duplicates are dropped.
 * @param storedBlocks The bucket's stored block numbers, ascending.
 * @throws {InvalidNumberError} when `maxSamples` is not an integer >= 2; {UnorderedSeriesError} for unsorted blocks.
 */
export function pickSampleBlocks(storedBlocks: readonly number[], maxSamples: number): number[] {
  if (!Number.isInteger(maxSamples) || maxSamples < 2) throw new InvalidNumberError('maxSamples', maxSamples, 'an integer >= 2');
  storedBlocks.forEach((block, index) => {
    if (index > 0 && block <= (storedBlocks[index - 1] ?? 0)) throw new UnorderedSeriesError('stored blocks', index);
  });
  const first = storedBlocks[0];
  const last = storedBlocks[storedBlocks.length - 1];
  if (first === undefined || last === undefined) return [];
  if (storedBlocks.length <= maxSamples) return [...storedBlocks];
  const samples: number[] = [];
  let cursor = 0;
  for (let k = 0; k < maxSamples; k++) {
    const target = first + Math.round((k * (last - first)) / (maxSamples - 1));
    while (cursor + 1 < storedBlocks.length && (storedBlocks[cursor + 1] ?? Infinity) <= target) cursor += 1;
    const block = storedBlocks[cursor] ?? first;
    if (samples[samples.length - 1] !== block) samples.push(block);
  }
  return samples;
}
