/* eslint-disable @typescript-eslint/ban-ts-comment -- Ponder runs this file untyped (vite-node); see README.md for why the root tsc must skip it. */
// @ts-nocheck
import { Hono } from 'hono';

// Ponder requires an API file; the benchmark only polls Ponder's built-in /ready.
const app = new Hono();

export default app;
