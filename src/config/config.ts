import { resolve } from 'node:path';
import { z } from 'zod';
import { tierNames, type TierOverrides } from '../auth/tiers.js';
import { ConfigError } from './configError.js';

/** Process roles: `api` serves GraphQL/REST, `worker` runs the jobs, `all` does both. */
export type Role = 'api' | 'worker' | 'all';

export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';

/** The validated, typed configuration. `src/config/` is the only reader of process.env. */
export interface Config {
  /** HTTP and WebSocket port. Default 4000; 0 picks a free port. */
  port: number;
  /** Interface to bind. Default 0.0.0.0. */
  host: string;
  /** Postgres URL; undefined means embedded PGlite under `dataDir`. */
  databaseUrl: string | undefined;
  /** Redis URL; undefined means in-process pub/sub (single process only). */
  redisUrl: string | undefined;
  /** Path to a chains JSON file; undefined means the embedded devnet. */
  chainsConfigPath: string | undefined;
  /** Where embedded state lives (PGlite files, devnet manifest). Default ./.data */
  dataDir: string;
  logLevel: LogLevel;
  nodeEnv: 'development' | 'production' | 'test';
  role: Role;
  /** Devnet seed (embedded devnet only). Default 1. */
  devnetSeed: number;
  /** Devnet block interval (embedded devnet only). Default 1000. */
  devnetBlockTimeMs: number;
  /** Where the devnet manifest is written. Default `<dataDir>/devnet.json`. */
  devnetManifestPath: string;
  /** Per-tier limit overrides on top of src/auth/tiers.ts (TIER_LIMITS, JSON). Default none. */
  tierLimits: TierOverrides;
}

const port = z.coerce.number().int().min(0).max(65_535);

const limit = z.number().int().positive();
const tierLimitsJson = z
  .string()
  .transform((text, ctx) => {
    try {
      return JSON.parse(text) as unknown;
    } catch {
      ctx.addIssue({ code: 'custom', message: 'not JSON' });
      return z.NEVER;
    }
  })
  .pipe(
    z.partialRecord(
      z.enum(tierNames),
      z.strictObject({
        requestsPerMinute: limit, maxQueryCost: limit, maxDepth: limit, maxAliases: limit,
        maxWsConnections: limit, maxSubscriptionsPerConnection: limit, historyDays: limit,
      }).partial(),
    ),
  );

interface VarSpec {
  schema: z.ZodType;
  expected: string;
}

const specs = {
  PORT: { schema: port, expected: 'an integer port 0-65535' },
  HOST: { schema: z.string().min(1), expected: 'a host name or IP address' },
  DATABASE_URL: {
    schema: z.string().regex(/^postgres(ql)?:\/\/\S+$/),
    expected: 'a URL like postgres://user:pass@host:5432/db',
  },
  REDIS_URL: { schema: z.string().regex(/^rediss?:\/\/\S+$/), expected: 'a URL like redis://host:6379/0' },
  CHAINS_CONFIG: { schema: z.string().min(1), expected: 'a path to a JSON chains file' },
  DATA_DIR: { schema: z.string().min(1), expected: 'a directory path' },
  LOG_LEVEL: {
    schema: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']),
    expected: 'one of fatal|error|warn|info|debug|trace|silent',
  },
  NODE_ENV: { schema: z.enum(['development', 'production', 'test']), expected: 'development|production|test' },
  ROLE: { schema: z.enum(['api', 'worker', 'all']), expected: 'api|worker|all' },
  DEVNET_SEED: { schema: z.coerce.number().int().min(0).max(2 ** 32 - 1), expected: 'an integer 0-4294967295' },
  DEVNET_BLOCK_TIME_MS: { schema: z.coerce.number().int().min(50).max(60_000), expected: 'milliseconds 50-60000' },
  DEVNET_MANIFEST: { schema: z.string().min(1), expected: 'a file path' },
  TIER_LIMITS: {
    schema: tierLimitsJson,
    expected: `JSON like {"enterprise":{"requestsPerMinute":120000}}: tiers ${tierNames.join('|')}, limits positive integers`,
  },
} satisfies Record<string, VarSpec>;

export type EnvName = keyof typeof specs;

function read<T>(env: NodeJS.ProcessEnv, name: EnvName): T | undefined {
  const raw = env[name];
  if (raw === undefined || raw.trim() === '') return undefined;
  const spec: VarSpec = specs[name];
  const parsed = spec.schema.safeParse(raw.trim());
  if (!parsed.success) throw new ConfigError(name, spec.expected, name.endsWith('_URL') ? '<redacted>' : raw);
  return parsed.data as T;
}

/** Command-line overrides; they win over the environment. */
export interface ConfigOverrides {
  role?: string;
  port?: string;
  manifest?: string;
}

/**
 * Validates the environment into a Config.
 * @throws ConfigError naming the first bad variable and the expected form.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, overrides: ConfigOverrides = {}): Config {
  const merged: NodeJS.ProcessEnv = { ...env };
  if (overrides.role !== undefined) merged.ROLE = overrides.role;
  if (overrides.port !== undefined) merged.PORT = overrides.port;
  if (overrides.manifest !== undefined) merged.DEVNET_MANIFEST = overrides.manifest;
  const config = buildConfig(merged);
  if (config.role !== 'all' && (!config.databaseUrl || !config.redisUrl)) {
    throw new ConfigError(
      config.databaseUrl ? 'REDIS_URL' : 'DATABASE_URL',
      `a shared ${config.databaseUrl ? 'Redis' : 'Postgres'} URL when ROLE is ${config.role} (separate api and worker processes share Postgres and Redis; embedded PGlite and in-process pub/sub serve one process only)`,
    );
  }
  return config;
}

function buildConfig(merged: NodeJS.ProcessEnv): Config {
  const dataDir = resolve(read<string>(merged, 'DATA_DIR') ?? './.data');
  const nodeEnv = read<Config['nodeEnv']>(merged, 'NODE_ENV') ?? 'development';
  return {
    port: read<number>(merged, 'PORT') ?? 4000,
    host: read<string>(merged, 'HOST') ?? '0.0.0.0',
    databaseUrl: read<string>(merged, 'DATABASE_URL'),
    redisUrl: read<string>(merged, 'REDIS_URL'),
    chainsConfigPath: read<string>(merged, 'CHAINS_CONFIG'),
    dataDir,
    logLevel: read<LogLevel>(merged, 'LOG_LEVEL') ?? (nodeEnv === 'test' ? 'warn' : 'info'),
    nodeEnv,
    role: read<Role>(merged, 'ROLE') ?? 'all',
    devnetSeed: read<number>(merged, 'DEVNET_SEED') ?? 1,
    devnetBlockTimeMs: read<number>(merged, 'DEVNET_BLOCK_TIME_MS') ?? 1000,
    devnetManifestPath: resolve(read<string>(merged, 'DEVNET_MANIFEST') ?? `${dataDir}/devnet.json`),
    tierLimits: read<TierOverrides>(merged, 'TIER_LIMITS') ?? {},
  };
}
