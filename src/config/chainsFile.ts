import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { ConfigError } from './configError.js';

const rpcUrl = z.string().regex(/^https?:\/\/\S+$/, 'an http(s) URL');
const wsUrl = z.string().regex(/^wss?:\/\/\S+$/, 'a ws(s) URL');

/** One chain as the chains file describes it. The devnet manifest's `chains` entries are valid input. */
export const chainFileEntrySchema = z
  .object({
    chainId: z.number().int().positive(),
    name: z.string().regex(/^[a-z0-9][a-z0-9-]{0,39}$/, 'lowercase slug'),
    rpcUrl: rpcUrl.optional(),
    rpcUrls: z.array(rpcUrl).min(1).optional(),
    wsUrl: wsUrl.optional(),
    wsUrls: z.array(wsUrl).optional(),
    finalityDepth: z.number().int().min(0).max(10_000).optional(),
    startBlock: z.number().int().min(0).optional(),
    pollIntervalMs: z.number().int().min(50).max(600_000).optional(),
  })
  .passthrough()
  .refine((c) => c.rpcUrl !== undefined || (c.rpcUrls?.length ?? 0) > 0, 'rpcUrl or rpcUrls is required');

const chainsFileSchema = z.object({ chains: z.array(chainFileEntrySchema).min(1) }).passthrough();

/** A chain the platform follows. */
export interface ChainConfig {
  chainId: number;
  name: string;
  /** HTTP RPC URLs in fallback order. */
  rpcUrls: string[];
  /** WebSocket RPC URLs in fallback order; empty means polling only. */
  wsUrls: string[];
  /** Blocks behind the head after which a block is treated as final. Default 12. */
  finalityDepth: number;
  /** First block to index. Default: the head at first start. */
  startBlock: number | undefined;
  /** Polling interval when no WebSocket is available or it drops. Default 1000. */
  pollIntervalMs: number;
}

/** Parses a chains file (JSON text); throws ConfigError naming `variable` on any problem. */
export function parseChainsFile(text: string, variable = 'CHAINS_CONFIG'): ChainConfig[] {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new ConfigError(variable, 'a JSON file with { "chains": [...] }', `unparseable JSON: ${(error as Error).message}`);
  }
  const parsed = chainsFileSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue ? issue.path.join('.') : '';
    throw new ConfigError(variable, `a chains file with valid entries (${where}: ${issue?.message ?? 'invalid'})`);
  }
  const ids = new Set<number>();
  return parsed.data.chains.map((c) => {
    if (ids.has(c.chainId)) throw new ConfigError(variable, 'unique chain ids', `chainId ${c.chainId} twice`);
    ids.add(c.chainId);
    return {
      chainId: c.chainId,
      name: c.name,
      rpcUrls: c.rpcUrls ?? (c.rpcUrl ? [c.rpcUrl] : []),
      wsUrls: c.wsUrls ?? (c.wsUrl ? [c.wsUrl] : []),
      finalityDepth: c.finalityDepth ?? 12,
      startBlock: c.startBlock,
      pollIntervalMs: c.pollIntervalMs ?? 1000,
    };
  });
}

/** Reads and parses the chains file at `path`. */
export function loadChainsFile(path: string, variable = 'CHAINS_CONFIG'): ChainConfig[] {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    throw new ConfigError(variable, 'a readable JSON file path', path);
  }
  return parseChainsFile(text, variable);
}
