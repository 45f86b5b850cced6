import type { Logger } from '../../common/logger.js';
import { BaseError } from '../../errors/baseError.js';
import { buildUi } from './buildUi.js';
import { getUiBuildFreshness } from './getUiBuildFreshness.js';

/** Where the UI bundle stands: being built, servable, or failed (with the reason shown on the 503 page). */
export type UiState = { kind: 'building'; sinceMs: number } | { kind: 'ready' } | { kind: 'failed'; message: string };

export interface UiBuilder {
  /** Builds once when the bundle is missing or stale; later calls share that build. Never rejects. */
  ensureBuilt(): Promise<UiState>;
  /** The state right now; undefined before ensureBuilt() was first called. */
  state(): UiState | undefined;
}

function messageOf(error: unknown): string {
  return error instanceof BaseError ? error.shortMessage : error instanceof Error ? error.message : String(error);
}

/** Owns the one build of `<uiDir>` this process makes (vite build API), and logs it. */
export function createUiBuilder({ uiDir, logger }: { uiDir: string; logger: Logger }): UiBuilder {
  let current: UiState | undefined;
  let build: Promise<UiState> | undefined;

  const run = async (): Promise<UiState> => {
    try {
      const freshness = await getUiBuildFreshness(uiDir);
      if (!freshness.stale) {
        logger.debug({ uiDir }, 'playground and dashboard are built');
        return (current = { kind: 'ready' });
      }
      const startedAt = performance.now();
      current = { kind: 'building', sinceMs: Date.now() };
      logger.info({ uiDir, reason: freshness.reason }, 'building the playground and dashboard (vite)');
      await buildUi(uiDir);
      logger.info({ buildMs: Math.round(performance.now() - startedAt) }, 'built the playground and dashboard');
      return (current = { kind: 'ready' });
    } catch (error) {
      logger.error({ err: error, uiDir }, 'the playground and dashboard could not be built; the API keeps serving without them');
      return (current = { kind: 'failed', message: messageOf(error) });
    }
  };

  return {
    async ensureBuilt() {
      build ??= run();
      const state = await build;
      // After a failure, a build made since (`npm run build:ui`) is served without a restart.
      if (state.kind === 'failed' && !(await getUiBuildFreshness(uiDir).catch(() => ({ stale: true }))).stale) {
        build = Promise.resolve((current = { kind: 'ready' }));
        return current;
      }
      return state;
    },
    state: () => current,
  };
}
