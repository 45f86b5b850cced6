import { existsSync, mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import express from 'express';
import { afterEach, describe, expect, it } from 'vitest';
import { waitFor } from '../../../test/helpers/rpc.js';
import { buildLogger } from '../../common/logger.js';
import { createUiRouter, type UiRouterOptions } from './createUiRouter.js';

const HOUR_SEC = 3600;
const dirs: string[] = [];
const servers: Server[] = [];

function write(path: string, content: string, ageSec = 0): void {
  mkdirSync(join(path, '..'), { recursive: true });
  writeFileSync(path, content);
  const at = Date.now() / 1000 - ageSec;
  utimesSync(path, at, at);
}

/** A vite project of two pages that needs nothing outside its folder (the config imports no package). */
function tinyUiProject(config?: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'ocs-ui-router-'));
  dirs.push(dir);
  const input = { playground: join(dir, 'playground/index.html'), dashboard: join(dir, 'dashboard/index.html') };
  write(join(dir, 'vite.config.ts'), config ?? `export default { base: '/ui/', publicDir: false, build: { rollupOptions: { input: ${JSON.stringify(input)} } } };\n`, 2 * HOUR_SEC);
  for (const page of ['playground', 'dashboard']) {
    write(join(dir, page, 'index.html'), `<!doctype html><title>${page}</title><div id="root"></div><script type="module" src="/src/${page}.ts"></script>\n`, 2 * HOUR_SEC);
    write(join(dir, 'src', `${page}.ts`), `document.getElementById('root')!.textContent = 'hello from ${page}';\n`, 2 * HOUR_SEC);
  }
  return dir;
}

/** The router next to a stand-in API route, as createApiServer mounts it. */
async function serve(options: Omit<UiRouterOptions, 'logger'>): Promise<string> {
  const app = express();
  app.get('/api', (_req, res) => res.json({ ok: true }));
  app.use(createUiRouter({ logger: buildLogger('silent'), ...options }));
  const server = createServer(app);
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

afterEach(async () => {
  for (const server of servers.splice(0)) await new Promise((resolve) => server.close(resolve));
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('createUiRouter()', () => {
  it('builds a missing bundle with vite at start, then serves both pages and their hashed assets', async () => {
    const dir = tinyUiProject();
    write(join(dir, '.dist-tmp-1-1', 'dashboard', 'index.html'), 'left by a killed build', 2 * HOUR_SEC);
    const twoHoursAgo = Date.now() / 1000 - 2 * HOUR_SEC;
    utimesSync(join(dir, '.dist-tmp-1-1'), twoHoursAgo, twoHoursAgo);
    write(join(dir, '.dist-tmp-2-2', 'dashboard', 'index.html'), 'another build, running now');
    const base = await serve({ uiDir: dir });

    const page = await fetch(`${base}/playground`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    expect(page.headers.get('cache-control')).toBe('no-cache');
    const html = await page.text();
    const asset = /src="(\/ui\/assets\/[^"]+\.js)"/.exec(html)?.[1];
    expect(asset).toBeDefined();

    const script = await fetch(`${base}${asset}`);
    expect(script.status).toBe(200);
    expect(script.headers.get('content-type')).toMatch(/^text\/javascript/);
    expect(script.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(await script.text()).toContain('hello from playground');

    const dashboard = await fetch(`${base}/dashboard`);
    expect(await dashboard.text()).toContain('<title>dashboard</title>');
    // The abandoned temporary build folder is gone; the recent one (maybe another process's build) is not.
    expect(existsSync(join(dir, '.dist-tmp-1-1'))).toBe(false);
    expect(existsSync(join(dir, '.dist-tmp-2-2'))).toBe(true);
  });

  it('answers any path under a page with that page (index fallback), and 404 for an unknown asset', async () => {
    const base = await serve({ uiDir: tinyUiProject() });
    const deep = await fetch(`${base}/dashboard/chains/1?tab=prices`);
    expect(deep.status).toBe(200);
    expect(await deep.text()).toContain('<title>dashboard</title>');
    const missing = await fetch(`${base}/ui/assets/nope-123.js`);
    expect(missing.status).toBe(404);
    expect(await missing.text()).toContain('no such asset');
    expect((await fetch(`${base}/playgroundx`)).status).toBe(404);
  });

  it('serves an existing, fresh build without building (buildAtStart: false, first request)', async () => {
    const dir = tinyUiProject('throw new Error("a fresh build must not be rebuilt");\n');
    write(join(dir, 'dist', 'playground', 'index.html'), '<!doctype html><title>prebuilt playground</title>\n');
    write(join(dir, 'dist', 'dashboard', 'index.html'), '<!doctype html><title>prebuilt dashboard</title>\n');
    const base = await serve({ uiDir: dir, buildAtStart: false });
    const page = await fetch(`${base}/playground/`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('prebuilt playground');
  });

  it('answers 503 with the reason when the build fails, keeps the API up, and serves a build made later', async () => {
    const dir = tinyUiProject('throw new Error("broken config for the test");\n');
    const base = await serve({ uiDir: dir });

    const page = await fetch(`${base}/playground`);
    expect(page.status).toBe(503);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    const html = await page.text();
    expect(html).toContain('could not be built');
    expect(html).toContain('broken config for the test');
    expect(html).toContain('npm run build:ui');
    expect((await fetch(`${base}/ui/assets/x.js`)).status).toBe(503);
    expect(await (await fetch(`${base}/api`)).json()).toEqual({ ok: true });

    // `npm run build:ui` (here: files written by hand) fixes it without a restart.
    write(join(dir, 'dist', 'playground', 'index.html'), '<!doctype html><title>rebuilt playground</title>\n');
    write(join(dir, 'dist', 'dashboard', 'index.html'), '<!doctype html><title>rebuilt dashboard</title>\n');
    const again = await fetch(`${base}/playground`);
    expect(again.status).toBe(200);
    expect(await again.text()).toContain('rebuilt playground');
  });

  it('answers 503 with Retry-After and a self-reloading page while the build runs', async () => {
    // A config that takes 1.5 s to resolve keeps the build running while the page is requested.
    const dir = tinyUiProject('export default () => new Promise((resolve) => setTimeout(() => resolve({ publicDir: false, build: { rollupOptions: { input: { playground: "playground/index.html", dashboard: "dashboard/index.html" } } } }), 1500));\n');
    const base = await serve({ uiDir: dir, waitForBuildMs: 100 });
    const page = await fetch(`${base}/dashboard`);
    expect(page.status).toBe(503);
    expect(page.headers.get('retry-after')).toBe('5');
    const html = await page.text();
    expect(html).toContain('being built');
    expect(html).toContain('http-equiv="refresh"');
    // The waiting request did not cancel the build: the page is served once it is done.
    await waitFor(async () => (await fetch(`${base}/dashboard`)).status === 200, 30_000, 'the page after the build');
  });
});
