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
  chains: { chainId: number; name: string }[];
  activity: boolean;
  txPerBlock: { min: number; max: number };
  help: boolean;
}

/** One line of usage, printed by `--help`. */
export const DEVNET_USAGE =
  'usage: npm run devnet -- [--seed N] [--blockTimeMs N] [--manifest PATH] [--chains 1:ethereum,42161:arbitrum] [--txPerBlock MIN-MAX] [--no-activity]';

/**
 * Parses devnet CLI flags. Defaults: seed 1, blockTimeMs 1000, manifest ./.data/devnet.json,
 * chains 1:ethereum,42161:arbitrum, txPerBlock 2-6, activity on.
 * @throws {DevnetCliArgumentError} on an unknown flag or an invalid value (the message is one line).
 */
export function parseDevnetArgs(argv: readonly string[], cwd: string = process.cwd()): DevnetCliArgs {
  let values: ReturnType<typeof parseFlags>['values'];
  try {
    values = parseFlags(argv).values;
  } catch (error) {
    throw new DevnetCliArgumentError((error as Error).message.split('\n')[0] ?? 'invalid arguments', { cause: error });
  }
  return {
    seed: parseInteger('--seed', values.seed, 1, 0, 2 ** 32 - 1),
    blockTimeMs: parseInteger('--blockTimeMs', values.blockTimeMs, 1000, 10, 60_000),
    manifestPath: resolve(cwd, values.manifest ?? '.data/devnet.json'),
    chains: values.chains === undefined ? DEFAULT_DEVNET_CHAINS.map((chain) => ({ ...chain })) : parseChains(values.chains),
    activity: !values['no-activity'],
    txPerBlock: parseRange('--txPerBlock', values.txPerBlock ?? '2-6'),
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
      chains: { type: 'string' },
      txPerBlock: { type: 'string' },
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
