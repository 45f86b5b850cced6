import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import express, { Router, type Request, type Response } from 'express';
import type { Logger } from '../../common/logger.js';
import { createUiBuilder, type UiState } from './createUiBuilder.js';
import { UI_PAGES } from './getUiBuildFreshness.js';
import { renderUiUnavailable } from './renderUiUnavailable.js';

export interface UiRouterOptions {
  logger: Logger;
  /** The vite project (playground/); its build lands in `<uiDir>/dist`. Default: the repository's playground/. */
  uiDir?: string;
  /** Build a missing or stale bundle now (true) or on the first page request (false). Default true. */
  buildAtStart?: boolean;
  /** How long a request waits for a running build before it gets the 503 page. Default 20 s. */
  waitForBuildMs?: number;
}

/** Where vite puts every hashed asset (the `base` of playground/vite.config.ts plus `assets/`). */
export const UI_ASSETS_PATH = '/ui/assets';
const RETRY_AFTER_SEC = 5;
const DEFAULT_UI_DIR = fileURLToPath(new URL('../../../playground', import.meta.url));

function withTimeout(build: Promise<UiState>, ms: number, current: () => UiState | undefined): Promise<UiState> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<UiState>((resolve) => {
    timer = setTimeout(() => resolve(current() ?? { kind: 'building', sinceMs: Date.now() }), ms);
  });
  return Promise.race([build, timeout]).finally(() => clearTimeout(timer));
}

/**
 * Serves the built playground at /playground and the dashboard at /dashboard (any sub-path falls back to the page's
 * index.html, never cached), and their hashed assets at /ui/assets (cached for a year, immutable). Builds them once
 * when missing or stale; while building or after a failed build the pages answer 503 and the API is unaffected.
 */
export function createUiRouter(options: UiRouterOptions): Router {
  const uiDir = options.uiDir ?? DEFAULT_UI_DIR;
  const distDir = join(uiDir, 'dist');
  const waitForBuildMs = options.waitForBuildMs ?? 20_000;
  const builder = createUiBuilder({ uiDir, logger: options.logger });
  if (options.buildAtStart ?? true) void builder.ensureBuilt();

  const whenReady = async (res: Response, unavailable: (state: Exclude<UiState, { kind: 'ready' }>) => void): Promise<boolean> => {
    const state = await withTimeout(builder.ensureBuilt(), waitForBuildMs, builder.state);
    if (state.kind === 'ready') return true;
    res.status(503).set('Cache-Control', 'no-store');
    if (state.kind === 'building') res.set('Retry-After', String(RETRY_AFTER_SEC));
    unavailable(state);
    return false;
  };

  const router = Router();
  const assets = express.static(join(distDir, 'assets'), { index: false, immutable: true, maxAge: '365d', fallthrough: true });
  router.use(UI_ASSETS_PATH, async (req, res, next) => {
    if (!(await whenReady(res, (state) => res.type('text/plain').send(state.kind === 'building' ? 'building, retry shortly\n' : `UI build failed: ${state.message}\n`)))) return;
    res.set('X-Content-Type-Options', 'nosniff');
    assets(req, res, () => {
      if (req.method === 'GET' || req.method === 'HEAD') res.status(404).type('text/plain').send(`no such asset: ${req.path}\n`);
      else next();
    });
  });
  for (const page of UI_PAGES) {
    router.get(`/${page}{/*rest}`, async (_req: Request, res: Response) => {
      if (!(await whenReady(res, (state) => res.type('html').send(renderUiUnavailable(state, RETRY_AFTER_SEC))))) return;
      // The page names hashed assets: it must be revalidated, the assets never.
      res.set({ 'Cache-Control': 'no-cache', 'X-Content-Type-Options': 'nosniff' });
      res.sendFile(join(distDir, page, 'index.html'), (error) => {
        // Only when the build vanished underneath (swapped by a concurrent builder, deleted by hand).
        if (error && !res.headersSent) res.status(503).set('Retry-After', String(RETRY_AFTER_SEC)).type('text/plain').send(`${page} is not available right now, retry shortly\n`);
      });
    });
  }
  return router;
}
