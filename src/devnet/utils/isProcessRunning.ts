import { readFileSync } from 'node:fs';

/**
 * True when process `pid` exists and is not a zombie (a killed child whose parent has not reaped
 * it still answers signal 0; on Linux its /proc state tells).
 */
export function isProcessRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    return !/^State:\s+Z/m.test(readFileSync(`/proc/${pid}/status`, 'utf8'));
  } catch {
    return true; // no procfs (macOS): signal 0 is all we know
  }
}
