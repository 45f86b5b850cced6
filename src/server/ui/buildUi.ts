import { readdir, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { UiBuildError } from './uiBuildError.js';

type Vite = typeof import('vite');

async function loadVite(): Promise<Vite> {
  try {
    return await import('vite');
  } catch (error) {
    throw new UiBuildError('vite is not installed (a dev dependency): install dev dependencies or ship a playground/dist built by `npm run build:ui`', { cause: error });
  }
}

function isCode(error: unknown, ...codes: string[]): boolean {
  return codes.includes((error as NodeJS.ErrnoException).code ?? '');
}

/** Replaces `dist` by `built`; when another process swapped its own build in first, keeps that one (same sources). */
async function swapIn(built: string, dist: string, uiDir: string): Promise<void> {
  const old = join(uiDir, `.dist-old-${process.pid}-${Date.now()}`);
  try {
    await rename(dist, old);
  } catch (error) {
    if (!isCode(error, 'ENOENT')) throw error;
  }
  try {
    await rename(built, dist);
  } catch (error) {
    if (!isCode(error, 'EEXIST', 'ENOTEMPTY')) throw error;
  }
  await rm(old, { recursive: true, force: true });
}

/** Temporary folders are older than any running build after this long (a build takes seconds). */
const ABANDONED_AFTER_MS = 60 * 60 * 1000;

/** Removes temporary build folders left by a process that was killed mid-build. */
async function removeAbandonedBuilds(uiDir: string): Promise<void> {
  for (const name of await readdir(uiDir)) {
    if (!name.startsWith('.dist-tmp-') && !name.startsWith('.dist-old-')) continue;
    const path = join(uiDir, name);
    const { mtimeMs } = await stat(path);
    if (Date.now() - mtimeMs > ABANDONED_AFTER_MS) await rm(path, { recursive: true, force: true });
  }
}

/**
 * Builds the playground and dashboard with vite's build API (config `<uiDir>/vite.config.ts`) into a temporary
 * folder and swaps it in as `<uiDir>/dist`, so neither a reader nor a concurrent builder sees a half-written build.
 * Throws UiBuildError when vite is missing or the build fails.
 */
export async function buildUi(uiDir: string): Promise<void> {
  const vite = await loadVite();
  await removeAbandonedBuilds(uiDir);
  const outDir = join(uiDir, `.dist-tmp-${process.pid}-${Date.now()}`);
  try {
    await vite.build({
      configFile: join(uiDir, 'vite.config.ts'),
      root: uiDir,
      logLevel: 'silent',
      build: { outDir, emptyOutDir: true },
    });
    await swapIn(outDir, join(uiDir, 'dist'), uiDir);
  } catch (error) {
    if (error instanceof UiBuildError) throw error;
    throw new UiBuildError(`vite build failed: ${(error as Error).message.split('\n')[0]}`, { cause: error });
  } finally {
    await rm(outDir, { recursive: true, force: true });
  }
}
