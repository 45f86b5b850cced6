import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Anvil } from '../../src/devnet/anvil/startAnvil.js';

/** Writes a chains file for the given anvils (names chain-<id>) and returns its path. */
export function writeChainsFile(anvils: Anvil[], extra: Record<string, unknown> = {}): string {
  const dir = mkdtempSync(join(tmpdir(), 'ocs-chains-'));
  const path = join(dir, 'chains.json');
  const chains = anvils.map((a) => ({ chainId: a.chainId, name: `chain-${a.chainId}`, rpcUrl: a.rpcUrl, wsUrl: a.wsUrl, startBlock: 0, finalityDepth: 5, pollIntervalMs: 200, ...extra }));
  writeFileSync(path, JSON.stringify({ chains }));
  return path;
}
