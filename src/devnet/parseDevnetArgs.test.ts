import { describe, expect, it } from 'vitest';
import { DevnetCliArgumentError } from './errors.js';
import { parseDevnetArgs } from './parseDevnetArgs.js';

describe('parseDevnetArgs()', () => {
  it('applies the defaults', () => {
    expect(parseDevnetArgs([], '/repo')).toEqual({
      seed: 1,
      blockTimeMs: 1000,
      manifestPath: '/repo/.data/devnet.json',
      labelsPath: '/repo/.data/labels.jsonl',
      chains: [{ chainId: 1, name: 'ethereum' }, { chainId: 42161, name: 'arbitrum' }],
      activity: true,
      txPerBlock: { min: 2, max: 6 },
      rate: 1,
      history: undefined,
      live: true,
      help: false,
    });
  });

  it('reads every flag', () => {
    const args = parseDevnetArgs(
      ['--seed', '7', '--blockTimeMs', '250', '--manifest', 'out/m.json', '--chains', '10:optimism, 8453:base', '--txPerBlock', '4', '--no-activity'],
      '/repo',
    );
    expect(args).toMatchObject({
      seed: 7,
      blockTimeMs: 250,
      manifestPath: '/repo/out/m.json',
      chains: [{ chainId: 10, name: 'optimism' }, { chainId: 8453, name: 'base' }],
      txPerBlock: { min: 4, max: 4 },
      activity: false,
    });
  });

  it('reads the simulator flags', () => {
    const args = parseDevnetArgs(['--seed', '7', '--history', '6h', '--rate', '1.5', '--labels', 'l.jsonl', '--no-live', '--historyBlockSec', '2'], '/repo');
    expect(args).toMatchObject({ seed: 7, history: { durationSec: 21_600, blockIntervalSec: 2 }, rate: 1.5, labelsPath: '/repo/l.jsonl', live: false });
  });

  it.each([
    ['30m', 1800],
    ['90s', 90],
    ['1h30m', 5400],
    ['45', 45],
    ['1d', 86_400],
  ])('reads --history %s as %i s', (raw, seconds) => {
    expect(parseDevnetArgs(['--history', raw]).history).toEqual({ durationSec: seconds, blockIntervalSec: 12 });
  });

  it.each([
    [['--seed', 'x'], /--seed must be an integer/],
    [['--seed', '-1'], /--seed/],
    [['--blockTimeMs', '1.5'], /--blockTimeMs/],
    [['--blockTimeMs', '0'], /--blockTimeMs/],
    [['--chains', '1:Ethereum'], /--chains entries/],
    [['--chains', '1:a,1:b'], /chain id twice/],
    [['--txPerBlock', '6-2'], /--txPerBlock/],
    [['--history', '6x'], /--history must be a duration/],
    [['--history', '0m'], /--history/],
    [['--history', '8d'], /--history/],
    [['--rate', '0'], /--rate/],
    [['--rate', 'fast'], /--rate/],
    [['--bogus'], /Unknown option '--bogus'/],
    [['positional'], /positional/],
    [['--seed'], /argument missing/],
  ])('rejects %j with one clear line', (argv, message) => {
    let error: unknown;
    try {
      parseDevnetArgs(argv);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(DevnetCliArgumentError);
    expect((error as DevnetCliArgumentError).shortMessage).toMatch(message);
    expect((error as DevnetCliArgumentError).shortMessage).not.toContain('\n');
  });
});
