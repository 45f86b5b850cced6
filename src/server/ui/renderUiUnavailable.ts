import type { UiState } from './createUiBuilder.js';

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** The 503 page shown instead of the playground or dashboard while they are built, or when the build failed. */
export function renderUiUnavailable(state: Exclude<UiState, { kind: 'ready' }>, retryAfterSec: number): string {
  const building = state.kind === 'building';
  const title = building ? 'The playground and dashboard are being built' : 'The playground and dashboard could not be built';
  const body = building
    ? `<p>The first start after a change builds them (vite); this page reloads itself every ${retryAfterSec} s.</p>`
    : `<p><code>${escapeHtml(state.message)}</code></p>
<p>Run <code>npm run build:ui</code> to see the full output; this page serves the build as soon as one exists.</p>`;
  return `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">${building ? `<meta http-equiv="refresh" content="${retryAfterSec}">` : ''}
<title>${title}</title>
<style>body{font:15px/1.5 system-ui,sans-serif;max-width:40em;margin:3em auto;padding:0 1em;color:#0f172a}code{overflow-wrap:anywhere}</style></head>
<body><h1>${title}</h1>${body}
<p>The GraphQL API at <a href="/graphql">/graphql</a> is not affected.</p></body>
</html>
`;
}
