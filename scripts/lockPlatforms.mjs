// Adds lockfile entries for other platforms' optional native packages (anvil, swc) that the registry this
// project's machines reach does not serve: without them `npm ci` refuses the lockfile as out of sync.
// Run after any `npm install` that rewrites package-lock.json: `npm run lock:platforms`.
import { readFileSync, writeFileSync } from 'node:fs';

const path = new URL('../package-lock.json', import.meta.url);
const lock = JSON.parse(readFileSync(path, 'utf8'));
const OS = { darwin: 'darwin', linux: 'linux', win32: 'win32' };
const CPU = { amd64: 'x64', x64: 'x64', arm64: 'arm64', arm: 'arm', ia32: 'ia32', ppc64: 'ppc64', s390x: 's390x' };

function platformOf(name) {
  const parts = name.split('/').pop().split('-');
  const os = parts.find((p) => OS[p]);
  const cpu = parts.find((p) => CPU[p]);
  return os && cpu ? { os: [OS[os]], cpu: [CPU[cpu]] } : undefined;
}

let added = 0;
for (const [key, entry] of Object.entries(lock.packages)) {
  for (const [dep, version] of Object.entries(entry.optionalDependencies ?? {})) {
    const target = `node_modules/${dep}`;
    const platform = platformOf(dep);
    if (lock.packages[target] || !platform) continue;
    lock.packages[target] = { version, ...platform, optional: true, ...(entry.dev ? { dev: true } : {}) };
    added++;
    void key;
  }
}
lock.packages = Object.fromEntries(Object.entries(lock.packages).sort(([a], [b]) => (a === '' ? -1 : b === '' ? 1 : a.localeCompare(b))));
writeFileSync(path, `${JSON.stringify(lock, null, 2)}\n`);
process.stdout.write(`lock:platforms: added ${added} entries\n`);
