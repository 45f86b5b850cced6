import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { getUiBuildFreshness } from './getUiBuildFreshness.js';

const HOUR_SEC = 3600;

function touch(path: string, ageSec: number, content = 'x'): void {
  mkdirSync(join(path, '..'), { recursive: true });
  writeFileSync(path, content);
  const at = Date.now() / 1000 - ageSec;
  utimesSync(path, at, at);
}

describe('getUiBuildFreshness()', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'ocs-ui-fresh-'));
    touch(join(dir, 'vite.config.ts'), 2 * HOUR_SEC);
    touch(join(dir, 'src', 'dashboard', 'App.tsx'), 2 * HOUR_SEC);
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('is stale when there is no build', async () => {
    expect(await getUiBuildFreshness(dir)).toMatchObject({ stale: true, reason: expect.stringContaining('no build') });
  });

  it('is stale when only one of the two pages was built', async () => {
    touch(join(dir, 'dist', 'playground', 'index.html'), 0);
    expect((await getUiBuildFreshness(dir)).stale).toBe(true);
  });

  it('is fresh when both pages are newer than every source', async () => {
    touch(join(dir, 'dist', 'playground', 'index.html'), HOUR_SEC);
    touch(join(dir, 'dist', 'dashboard', 'index.html'), HOUR_SEC);
    expect(await getUiBuildFreshness(dir)).toEqual({ stale: false, reason: expect.any(String) });
  });

  it('is stale when a nested source file changed after the build', async () => {
    touch(join(dir, 'dist', 'playground', 'index.html'), HOUR_SEC);
    touch(join(dir, 'dist', 'dashboard', 'index.html'), HOUR_SEC);
    touch(join(dir, 'src', 'dashboard', 'App.tsx'), 0);
    expect(await getUiBuildFreshness(dir)).toMatchObject({ stale: true, reason: expect.stringContaining('sources changed') });
  });

  it('ignores the build output, dependencies and temporary build folders', async () => {
    touch(join(dir, 'dist', 'playground', 'index.html'), HOUR_SEC);
    touch(join(dir, 'dist', 'dashboard', 'index.html'), HOUR_SEC);
    touch(join(dir, 'dist', 'assets', 'late.js'), 0);
    touch(join(dir, 'node_modules', 'x', 'index.js'), 0);
    touch(join(dir, '.dist-tmp-1-2', 'playground', 'index.html'), 0);
    expect((await getUiBuildFreshness(dir)).stale).toBe(false);
  });
});
