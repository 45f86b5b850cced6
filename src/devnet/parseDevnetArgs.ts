import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { DEFAULT_DEVNET_CHAINS } from './constants.js';
import { DevnetCliArgumentError } from './errors.js';

/** The devnet CLI's settings after parsing. */
export interface DevnetCliArgs {
  seed: number;
  blockTimeMs: number;
  /** Absolute path. */
  manifestPath: string;
  /** Absolute path; default `labels.jsonl` beside the manifest. */
  labelsPath: string;
  chains: { chainId: number; name: string }[];
  activity: boolean;
  txPerBlock: { min: number; max: number };
  /** Activity multiplier of the market agents. */
  rate: number;
  /** Fast-forwarded history, or undefined for none. */
  history: { durationSec: number; blockIntervalSec: number } | undefined;
  /** Keep mining live blocks after the history. */
  live: boolean;
  help: boolean;
}

/** Usage, printed by `--help`. */
export const DEVNET_USAGE = [
  'usage: npm run devnet -- [--seed N] [--history 6h|30m|90s] [--historyBlockSec 12] [--blockTimeMs N] [--rate X]',
  '                         [--manifest PATH] [--labels PATH] [--chains 1:ethereum,42161:arbitrum] [--txPerBlock MIN-MAX]',
  '                         [--no-live] [--no-activity]',
].join('\n');

/**
 * Parses devnet CLI flags. Defaults: seed 1, blockTimeMs 1000, manifest ./.data/devnet.json, labels beside it,
 * chains 1:ethereum,42161:arbitrum, txPerBlock 2-6, rate 1, no history (12 s blocks when given), live, activity on.
 * @throws {DevnetCliArgumentError} on an unknown flag or an invalid value (the message is one line).
 */
export function parseDevnetArgs(argv: readonly string[], cwd: string = process.cwd()): DevnetCliArgs {
  let values: ReturnType<typeof parseFlags>['values'];
  try {
    values = parseFlags(argv).values;
  } catch (error) {
    throw new DevnetCliArgumentError((error as Error).message.split('\n')[0] ?? 'invalid arguments', { cause: error });
  }
  const manifestPath = resolve(cwd, values.manifest ?? '.data/devnet.json');
  const blockIntervalSec = parseInteger('--historyBlockSec', values.historyBlockSec, 12, 1, 3600);
  const durationSec = values.history === undefined ? undefined : parseDuration('--history', values.history);
  return {
    seed: parseInteger('--seed', values.seed, 1, 0, 2 ** 32 - 1),
    blockTimeMs: parseInteger('--blockTimeMs', values.blockTimeMs, 1000, 10, 60_000),
    manifestPath,
    labelsPath: values.labels === undefined ? resolve(manifestPath, '..', 'labels.jsonl') : resolve(cwd, values.labels),
    chains: values.chains === undefined ? DEFAULT_DEVNET_CHAINS.map((chain) => ({ ...chain })) : parseChains(values.chains),
    activity: !values['no-activity'],
    txPerBlock: parseRange('--txPerBlock', values.txPerBlock ?? '2-6'),
    rate: parseRate(values.rate),
    history: durationSec === undefined ? undefined : { durationSec, blockIntervalSec },
    live: !values['no-live'],
    help: values.help ?? false,
  };
}

function parseFlags(argv: readonly string[]) {
  return parseArgs({
    args: [...argv],
    strict: true,
    allowPositionals: false,
    options: {
      seed: { type: 'string' },
      blockTimeMs: { type: 'string' },
      manifest: { type: 'string' },
      labels: { type: 'string' },
      chains: { type: 'string' },
      txPerBlock: { type: 'string' },
      rate: { type: 'string' },
      history: { type: 'string' },
      historyBlockSec: { type: 'string' },
      'no-live': { type: 'boolean' },
      'no-activity': { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
}

function parseInteger(flag: string, raw: string | undefined, fallback: number, min: number, max: number): number {
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!/^\d+$/.test(raw) || value < min || value > max) {
    throw new DevnetCliArgumentError(`${flag} must be an integer from ${min} to ${max}, got "${raw}"`);
  }
  return value;
}

/** `6h`, `30m`, `90s`, `1h30m` or plain seconds; at most 7 days. */
function parseDuration(flag: string, raw: string): number {
  const match = /^(?:(\d+)d)?(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s?)?$/.exec(raw.trim());
  const [days = '0', hours = '0', minutes = '0', seconds = '0'] = match?.slice(1).map((part) => part ?? '0') ?? [];
  const total = Number(days) * 86_400 + Number(hours) * 3_600 + Number(minutes) * 60 + Number(seconds);
  if (!match || raw.trim() === '' || total <= 0 || total > 7 * 86_400) {
    throw new DevnetCliArgumentError(`${flag} must be a duration like 6h, 30m, 90s or 1h30m (at most 7d), got "${raw}"`);
  }
  return total;
}

function parseRate(raw: string | undefined): number {
  if (raw === undefined) return 1;
  const value = Number(raw);
  if (!/^\d+(\.\d+)?$/.test(raw) || value <= 0 || value > 50) {
    throw new DevnetCliArgumentError(`--rate must be a number above 0 and at most 50, got "${raw}"`);
  }
  return value;
}

function parseChains(raw: string): { chainId: number; name: string }[] {
  const chains = raw.split(',').map((entry) => {
    const match = /^(\d+):([a-z0-9][a-z0-9-]{0,39})$/.exec(entry.trim());
    const chainId = Number(match?.[1]);
    if (!match || chainId < 1 || chainId > 2 ** 53 - 1) {
      throw new DevnetCliArgumentError(`--chains entries must look like 1:ethereum (lowercase name), got "${entry}"`);
    }
    return { chainId, name: match[2]! };
  });
  if (new Set(chains.map((chain) => chain.chainId)).size !== chains.length) {
    throw new DevnetCliArgumentError(`--chains has a chain id twice: "${raw}"`);
  }
  return chains;
}

function parseRange(flag: string, raw: string): { min: number; max: number } {
  const match = /^(\d+)(?:-(\d+))?$/.exec(raw);
  const min = Number(match?.[1]);
  const max = Number(match?.[2] ?? match?.[1]);
  if (!match || min < 0 || max < min || max > 1000) {
    throw new DevnetCliArgumentError(`${flag} must look like 2-6 (0 <= min <= max <= 1000), got "${raw}"`);
  }
  return { min, max };
}
