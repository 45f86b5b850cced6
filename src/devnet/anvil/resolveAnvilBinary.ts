import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { AnvilNotFoundError } from '../errors.js';

const ARCH_NAMES: Readonly<Record<string, string>> = { x64: 'amd64', arm64: 'arm64' };
const FALLBACK_PACKAGES = [
  '@foundry-rs/anvil-linux-amd64',
  '@foundry-rs/anvil-linux-arm64',
  '@foundry-rs/anvil-darwin-arm64',
  '@foundry-rs/anvil-darwin-amd64',
  '@foundry-rs/anvil-win32-amd64',
] as const;

/**
 * Finds the anvil binary shipped by the `@foundry-rs/anvil-<platform>-<arch>` npm packages,
 * the current platform's package first.
 * @throws {AnvilNotFoundError} when no package holds an anvil binary.
 */
export function resolveAnvilBinary(
  platform: NodeJS.Platform = process.platform,
  arch: string = process.arch,
): string {
  const require = createRequire(import.meta.url);
  const native = `@foundry-rs/anvil-${platform}-${ARCH_NAMES[arch] ?? arch}`;
  const candidates = [native, ...FALLBACK_PACKAGES.filter((name) => name !== native)];
  const tried: string[] = [];
  for (const name of candidates) {
    let packageJson: string;
    try {
      packageJson = require.resolve(`${name}/package.json`);
    } catch {
      tried.push(`${name} (not installed)`);
      continue;
    }
    const binary = join(dirname(packageJson), 'bin', name.includes('win32') ? 'anvil.exe' : 'anvil');
    if (existsSync(binary)) return binary;
    tried.push(`${name} (no bin/anvil)`);
  }
  throw new AnvilNotFoundError({ details: `Tried: ${tried.join(', ')}` });
}
