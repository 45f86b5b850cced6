import { pino, type Logger, type LevelWithSilent } from 'pino';

export type { Logger };

/** Builds the structured JSON logger (pino). `level` defaults to `info`. */
export function buildLogger(level: LevelWithSilent = 'info', bindings: Record<string, unknown> = {}): Logger {
  return pino({ level, base: { pid: process.pid, ...bindings }, timestamp: pino.stdTimeFunctions.isoTime });
}
