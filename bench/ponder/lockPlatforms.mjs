// Adds lockfile entries for other platforms' optional native packages (rollup's) that the registry this project's
// machines reach does not serve: without them `npm ci` refuses the lockfile as out of sync. The root
// scripts/lockPlatforms.mjs does the same for the root lockfile; this one also knows rollup's platforms (android,
// freebsd, openbsd, openharmony; loong64, riscv64; musl). Run after any `npm install` here: `npm run lock:platforms`.
import { readFileSync, writeFileSync } from 'node:fs';

const path = new URL('./package-lock.json', import.meta.url);
const lock = JSON.parse(readFileSync(path, 'utf8'));
const OS = ['android', 'darwin', 'freebsd', 'linux', 'openbsd', 'openharmony', 'win32', 'sunos', 'netbsd', 'aix'];
const CPU = { x64: 'x64', arm64: 'arm64', arm: 'arm', ia32: 'ia32', loong64: 'loong64', ppc64: 'ppc64', riscv64: 'riscv64', s390x: 's390x' };

function platformOf(name) {
  const parts = name.split('/').pop().split('-');
  const os = parts.find((p) => OS.includes(p));
  const cpu = parts.find((p) => CPU[p]);
  if (!os || !cpu) return undefined;
  const libc = parts.includes('musl') || parts.some((p) => p.startsWith('musl')) ? ['musl'] : os === 'linux' && parts.some((p) => p.startsWith('gnu')) ? ['glibc'] : undefined;
  return { os: [os], cpu: [CPU[cpu]], ...(libc ? { libc } : {}) };
}

let added = 0;
for (const entry of Object.values(lock.packages)) {
  for (const [dep, version] of Object.entries(entry.optionalDependencies ?? {})) {
    const target = `node_modules/${dep}`;
    const platform = platformOf(dep);
    if (lock.packages[target] || !platform) continue;
    lock.packages[target] = { version, ...platform, optional: true };
    added++;
  }
}
lock.packages = Object.fromEntries(Object.entries(lock.packages).sort(([a], [b]) => (a === '' ? -1 : b === '' ? 1 : a.localeCompare(b))));
writeFileSync(path, `${JSON.stringify(lock, null, 2)}\n`);
process.stdout.write(`lock:platforms: added ${added} entries\n`);
