import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const root = fileURLToPath(new URL('.', import.meta.url));

/** Served by src/server/ui: the pages at /playground and /dashboard, every hashed asset under /ui/assets/. */
export const UI_BASE = '/ui/';

export default defineConfig({
  root,
  base: UI_BASE,
  // No public dir and no CDN: everything the pages load is bundled into dist/.
  publicDir: false,
  logLevel: 'warn',
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // GraphiQL brings Monaco (several MB); the size is expected, the warning is noise.
    chunkSizeWarningLimit: 8000,
    rollupOptions: {
      // Noise, not problems: framer-motion's "use client" directives (meaningless in a browser bundle) and timing hints.
      onLog(level, log, handler) {
        if (log.code === 'MODULE_LEVEL_DIRECTIVE' || log.code === 'PLUGIN_TIMINGS') return;
        handler(level, log);
      },
      input: {
        playground: fileURLToPath(new URL('playground/index.html', import.meta.url)),
        dashboard: fileURLToPath(new URL('dashboard/index.html', import.meta.url)),
      },
    },
  },
  worker: { format: 'es' },
});
