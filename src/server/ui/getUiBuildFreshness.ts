import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';

/** The pages of the UI build: `dist/<page>/index.html`, served at `/<page>`. */
export const UI_PAGES = ['playground', 'dashboard'] as const;
export type UiPage = (typeof UI_PAGES)[number];

export interface UiBuildFreshness {
  /** True when dist is missing or a source file is newer than the build. */
  stale: boolean;
  /** Why, for the log line. */
  reason: string;
}

/** Build output, dependencies and temporary build folders are not sources. */
function isSourceEntry(name: string): boolean {
  return name !== 'dist' && name !== 'node_modules' && !name.startsWith('.');
}

async function newestMtimeMs(dir: string): Promise<number> {
  let newest = 0;
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    if (!isSourceEntry(entry.name)) continue;
    const path = join(dir, entry.name);
    const mtimeMs = entry.isDirectory() ? await newestMtimeMs(path) : (await stat(path)).mtimeMs;
    newest = Math.max(newest, mtimeMs);
  }
  return newest;
}

async function builtAtMs(distDir: string): Promise<number | undefined> {
  let oldest = Infinity;
  for (const page of UI_PAGES) {
    try {
      oldest = Math.min(oldest, (await stat(join(distDir, page, 'index.html'))).mtimeMs);
    } catch {
      return undefined;
    }
  }
  return oldest;
}

/** Compares the build (`<uiDir>/dist/<page>/index.html`, written last by vite) with every source file under `uiDir`. */
export async function getUiBuildFreshness(uiDir: string): Promise<UiBuildFreshness> {
  const builtAt = await builtAtMs(join(uiDir, 'dist'));
  if (builtAt === undefined) return { stale: true, reason: 'no build in playground/dist' };
  const sourcesAt = await newestMtimeMs(uiDir);
  if (sourcesAt > builtAt) return { stale: true, reason: 'sources changed since the last build' };
  return { stale: false, reason: 'the build is newer than every source' };
}
