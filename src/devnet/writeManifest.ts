import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { DevnetManifest } from './manifest.js';

/**
 * Writes `manifest` as pretty JSON to `path` atomically (temp file in the same folder, then rename),
 * creating parent folders as needed. Readers never see a half-written file.
 */
export async function writeManifest(path: string, manifest: DevnetManifest): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const temp = `${path}.${process.pid}.${Date.now()}.tmp`;
  try {
    await writeFile(temp, `${JSON.stringify(manifest, null, 2)}\n`, 'utf8');
    await rename(temp, path);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
}
